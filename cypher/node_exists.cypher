OPTIONAL MATCH (r:Researcher {id: $id})
OPTIONAL MATCH (t:Topic {id: $id})
OPTIONAL MATCH (i:Institution {id: $id})
OPTIONAL MATCH (p:Paper {id: $id})
RETURN r IS NOT NULL AS researcher, t IS NOT NULL AS topic, i IS NOT NULL AS institution, p IS NOT NULL AS paper

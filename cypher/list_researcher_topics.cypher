MATCH (r:Researcher {id: $researcher_id})
WITH r, COUNT { (r)-[:AUTHORED]->(:Paper) } AS works
MATCH (r)-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
RETURN p.id AS paper, t.id AS id, t.label AS label, works,
       [(t)-[:SUBTOPIC_OF*1..]->(a:Topic) | a.id] AS ancestors

UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, r.name AS name,
       COUNT { (r)-[:AUTHORED]->(:Paper) } AS works,
       COLLECT { MATCH (r)-[:AUTHORED]->(p:Paper) RETURN max(p.year) }[0] AS last_year,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t:Topic)
         WITH t, count(*) AS papers
         RETURN [t.id, t.label, papers]
       } AS topics,
       COLLECT { MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) RETURN [i.id, i.name] } AS institutions

UNWIND $ids AS id
MATCH (r:Researcher {id: id})
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH r, count(p) AS works, max(p.year) AS last_year
RETURN r.id AS id, r.name AS name, works, last_year,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t:Topic)
         WITH t, count(*) AS papers
         RETURN [t.id, t.label, papers]
       } AS topics,
       COLLECT { MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) RETURN [i.id, i.name] } AS institutions

MATCH (r:Researcher {id: $researcher_id})
WITH r, COUNT { (r)-[:AUTHORED]->(:Paper) } AS works
MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t:Topic)
WITH t, works, count(*) AS papers
RETURN t.id AS id, t.label AS label, papers, works
ORDER BY papers DESC, id
SKIP $offset
LIMIT $limit

MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(z:Researcher)
WHERE z <> r
WITH z, count(*) AS shared_papers
RETURN z.id AS coauthor, z.name AS name, shared_papers
ORDER BY shared_papers DESC, coauthor

MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(z:Researcher)
WHERE z <> r
WITH z, count(p) AS shared_papers, max(p.year) AS last_year
RETURN z.id AS coauthor, z.name AS name, shared_papers, last_year
ORDER BY shared_papers DESC, coauthor

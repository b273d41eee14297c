MATCH (r:Researcher {id: $researcher_id})-[c:COAUTHOR]-(z:Researcher)
RETURN z.id AS coauthor, z.name AS name, c.papers AS shared_papers, c.last_year AS last_year
ORDER BY shared_papers DESC, coauthor

MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(z:Researcher)
WHERE z <> r
WITH DISTINCT r, z
MATCH (z)-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(w:Researcher)
WHERE w <> z
WITH r, z, collect(DISTINCT w) AS theirs
RETURN z.id AS coauthor, z.name AS name, size(theirs) AS degree,
       [w IN theirs WHERE w <> r | w.id] AS candidates

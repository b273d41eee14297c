UNWIND $bridge_ids AS bridge_id
MATCH (z:Researcher {id: bridge_id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(w:Researcher)
WHERE w <> z
WITH z, w, count(p) AS shared, max(p.year) AS last_year
WITH z, collect([w.id, shared, last_year]) AS theirs
RETURN z.id AS bridge, size(theirs) AS degree, [x IN theirs WHERE x[0] <> $researcher_id] AS candidates

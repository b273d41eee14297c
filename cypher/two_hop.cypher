UNWIND $bridge_ids AS bridge_id
MATCH (z:Researcher {id: bridge_id})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(w:Researcher)
WHERE w <> z
WITH z, collect(DISTINCT w.id) AS theirs
RETURN z.id AS bridge, size(theirs) AS degree, [w IN theirs WHERE w <> $researcher_id] AS candidates

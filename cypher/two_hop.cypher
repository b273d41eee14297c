UNWIND $bridge_ids AS bridge_id
MATCH (z:Researcher {id: bridge_id})-[c:COAUTHOR]-(w:Researcher)
WITH z, collect([w.id, c.papers, c.last_year]) AS theirs
RETURN z.id AS bridge, size(theirs) AS degree, [x IN theirs WHERE x[0] <> $researcher_id] AS candidates

// Depth 2 of get_slice: each bridge's latest papers in the window that the centre did not
// write, with their authors (graph/slicing.py, "Neighbourhood").
MATCH (r:Researcher {id: $researcher_id})
UNWIND $bridge_ids AS bridge_id
MATCH (z:Researcher {id: bridge_id})
CALL (r, z) {
  MATCH (z)-[:AUTHORED]->(p:Paper)
  WHERE ($since IS NULL OR p.year >= $since)
    AND ($until IS NULL OR p.year <= $until)
    AND NOT EXISTS { (r)-[:AUTHORED]->(p) }
  WITH p
  ORDER BY p.year IS NULL, p.year DESC, p.id
  LIMIT $per_bridge
  RETURN collect(p) AS theirs
}
UNWIND theirs AS p
WITH DISTINCT p
RETURN p.id AS id, [(a:Researcher)-[:AUTHORED]->(p) | [a.id, a.name]] AS authors

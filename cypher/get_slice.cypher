// The whole slice in one round trip: the centre, their papers in the window and everything
// those papers link, each node with the edges it starts or (a paper) receives from its
// authors: [source, target, type, score]. A co-author's AUTHORED edges are listed from the
// papers, never from their whole works. When $far (depth 2 with researchers included) and the
// co-authors leave room under $limit (graph/slicing.py needs_far), also each of the first
// $bridges co-authors' (by shared papers desc, then id; slicing.bridges) latest $per_bridge
// papers in the window that the centre did not write, with their authors. No row: no such
// researcher.
MATCH (r:Researcher {id: $researcher_id})
CALL (r) {
  OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
  WHERE ($since IS NULL OR p.year >= $since)
    AND ($until IS NULL OR p.year <= $until)
  RETURN collect(p) AS papers
}
CALL (r) {
  OPTIONAL MATCH (r)-[:AFFILIATED_WITH]->(i:Institution)
  RETURN collect(i) AS institutions
}
CALL (papers) {
  UNWIND papers AS p
  MATCH (p)-[:AUTHORED|HAS_TOPIC|HAS_CODE|FROM_INSTITUTION]-(x)
  RETURN collect(DISTINCT x) AS linked
}
CALL (r, papers) {
  UNWIND papers AS p
  MATCH (z:Researcher)-[:AUTHORED]->(p)
  WHERE z <> r
  WITH z, count(p) AS shared
  ORDER BY shared DESC, z.id
  RETURN collect(z) AS coauthors
}
CALL (r, coauthors) {
  WITH r, coauthors
  WHERE $far AND size(coauthors) + 1 <= $limit
  UNWIND coauthors[..$bridges] AS z
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
  RETURN collect([p.id, [(a:Researcher)-[:AUTHORED]->(p) | [a.id, a.name]]]) AS far
}
CALL (r, papers, institutions, linked) {
  UNWIND [r] + papers + institutions + linked AS n
  WITH DISTINCT n
  WITH n, toLower(labels(n)[0]) + ':' + n.id AS key
  RETURN collect({
    type: toLower(labels(n)[0]), id: n.id, label: coalesce(n.name, n.title, n.label, n.id), year: n.year,
    edges: CASE WHEN n:Paper THEN
      [(n)-[e:HAS_TOPIC|HAS_CODE|FROM_INSTITUTION]->(m) | [key, toLower(labels(m)[0]) + ':' + m.id, type(e), e.score]]
      + [(a:Researcher)-[e:AUTHORED]->(n) | ['researcher:' + a.id, key, type(e), null]]
    ELSE
      [(n)-[e:AFFILIATED_WITH|SUBTOPIC_OF]->(m) | [key, toLower(labels(m)[0]) + ':' + m.id, type(e), null]]
    END
  }) AS nodes
}
RETURN nodes, far

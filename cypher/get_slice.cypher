// The centre, their papers in the window and everything those papers link, each node with
// the edges it starts or (a paper) receives from its authors: [source, target, type, score].
// A co-author's AUTHORED edges are listed from the papers, never from their whole works.
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
WITH [r] + papers + institutions + linked AS found
UNWIND found AS n
WITH DISTINCT n
WITH n, toLower(labels(n)[0]) + ':' + n.id AS key
RETURN toLower(labels(n)[0]) AS type, n.id AS id, coalesce(n.name, n.title, n.label, n.id) AS label,
       n.year AS year,
       CASE WHEN n:Paper THEN
         [(n)-[e:HAS_TOPIC|HAS_CODE|FROM_INSTITUTION]->(m) | [key, toLower(labels(m)[0]) + ':' + m.id, type(e), e.score]]
         + [(a:Researcher)-[e:AUTHORED]->(n) | ['researcher:' + a.id, key, type(e), null]]
       ELSE
         [(n)-[e:AFFILIATED_WITH|SUBTOPIC_OF]->(m) | [key, toLower(labels(m)[0]) + ':' + m.id, type(e), null]]
       END AS edges

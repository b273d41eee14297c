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
RETURN toLower(labels(n)[0]) AS type, n.id AS id, coalesce(n.name, n.title, n.label, n.id) AS label,
       n.year AS year,
       [(n)-[e:AUTHORED|HAS_TOPIC|HAS_CODE|AFFILIATED_WITH|FROM_INSTITUTION|SUBTOPIC_OF]->(m) |
        [toLower(labels(m)[0]) + ':' + m.id, type(e), e.score]] AS edges

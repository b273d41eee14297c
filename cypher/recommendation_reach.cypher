// The second round trip of list_recommendations: each bridge's co-authors (two-hop ties),
// the stored leaders of the seed topics (null: not listed again yet), and the members of the
// centre's first $institutions institutions and of a filter institution.
CALL () {
  UNWIND $bridge_ids AS bridge_id
  MATCH (z:Researcher {id: bridge_id})-[c:COAUTHOR]-(w:Researcher)
  WITH z, collect([w.id, c.papers, c.last_year]) AS theirs
  RETURN collect([z.id, size(theirs), [x IN theirs WHERE x[0] <> $researcher_id]]) AS hops
}
CALL () {
  UNWIND $topic_ids AS topic_id
  MATCH (t:Topic {id: topic_id})
  RETURN collect([t.id, CASE WHEN t.candidates IS NULL THEN t.leaders END]) AS topics
}
CALL () {
  OPTIONAL MATCH (:Researcher {id: $researcher_id})-[a:AFFILIATED_WITH]->(i:Institution)
  WITH i, coalesce(a.papers, 0) AS papers
  ORDER BY papers DESC, i.id
  LIMIT $institutions
  RETURN collect(i.id) AS institutions
}
CALL (institutions) {
  UNWIND institutions + [$institution_id] AS institution_id
  MATCH (i:Institution {id: institution_id})
  CALL (i) {
    MATCH (member:Researcher)-[m:AFFILIATED_WITH]->(i)
    WITH member, coalesce(m.papers, 0) AS papers
    ORDER BY papers DESC, member.id
    LIMIT $leaders
    RETURN collect(member.id) AS members
  }
  RETURN collect(members) AS members
}
RETURN hops, topics, members

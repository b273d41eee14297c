// The stored first researchers of a topic (refresh_leaders.cypher), in list_topic_researchers'
// order; listed is false while they are not listed yet (the caller then sorts them all).
MATCH (t:Topic {id: $topic_id})
CALL (t) {
  UNWIND coalesce(t.leaders, []) AS leader_id
  MATCH (r:Researcher {id: leader_id})-[w:WORKS_ON]->(t)
  WITH r, w
  ORDER BY w.papers DESC, r.name_fold, r.id
  RETURN collect(r.id) AS leaders
}
RETURN t.leaders IS NOT NULL AS listed, leaders

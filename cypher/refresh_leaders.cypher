// Each topic's first $leaders researchers as list_topic_researchers orders them, for the
// topics whose counts moved since (project_topics.cypher): a topic without leaders is ranked
// from all its researchers, one with candidates from its old leaders and those candidates.
// Each subquery returns its topic's id as a grouping key, so that the one that does not apply
// returns no row (and null) rather than an empty list.
MATCH (t:Topic)
WHERE t.leaders IS NULL OR t.candidates IS NOT NULL
OPTIONAL CALL (t) {
  WITH t
  WHERE t.leaders IS NULL
  OPTIONAL MATCH (r:Researcher)-[w:WORKS_ON]->(t)
  WITH t, r, w
  ORDER BY w.papers DESC, r.name_fold, r.id
  LIMIT $leaders
  RETURN t.id AS everyone_of, collect(r.id) AS everyone
}
OPTIONAL CALL (t) {
  WITH t
  WHERE t.leaders IS NOT NULL
  UNWIND t.leaders + t.candidates AS researcher_id
  WITH DISTINCT t, researcher_id
  MATCH (r:Researcher {id: researcher_id})-[w:WORKS_ON]->(t)
  WITH t, r, w
  ORDER BY w.papers DESC, r.name_fold, r.id
  LIMIT $leaders
  RETURN t.id AS ranked_of, collect(r.id) AS ranked
}
SET t.leaders = coalesce(everyone, ranked, []), t.candidates = null

// Each topic's first $leaders researchers as list_topic_researchers orders them, for the
// topics whose counts moved since (project_topics.cypher clears them).
MATCH (t:Topic)
WHERE t.leaders IS NULL
CALL (t) {
  OPTIONAL MATCH (r:Researcher)-[w:WORKS_ON]->(t)
  WITH r, w
  ORDER BY w.papers DESC, r.name_fold, r.id
  LIMIT $leaders
  RETURN collect(r.id) AS ids
}
SET t.leaders = ids

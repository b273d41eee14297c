// The scoring row of researchers whose topics or institutions moved, copied onto the node
// (recommendation_people.cypher reads it): topics without fallback evidence with their
// papers, and institutions.
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
CALL (r) {
  OPTIONAL MATCH (r)-[w:WORKS_ON]->(t:Topic)
  WHERE w.strict > 0
  RETURN collect(t.id) AS topic_ids, collect(w.strict) AS topic_strict
}
CALL (r) {
  OPTIONAL MATCH (r)-[:AFFILIATED_WITH]->(i:Institution)
  RETURN collect(i.id) AS institution_ids
}
SET r.topic_ids = topic_ids, r.topic_strict = topic_strict, r.institution_ids = institution_ids

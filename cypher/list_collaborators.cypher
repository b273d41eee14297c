MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(p:Paper)
WHERE ($since IS NULL OR p.year >= $since)
  AND ($until IS NULL OR p.year <= $until)
  AND ($topic IS NULL OR EXISTS { (p)-[:HAS_TOPIC]->(:Topic {id: $topic}) })
MATCH (c:Researcher)-[:AUTHORED]->(p)
WHERE c <> r
WITH c, count(p) AS shared_papers, min(p.year) AS first_year, max(p.year) AS last_year, collect(p) AS papers
WHERE shared_papers >= $min_shared
ORDER BY shared_papers DESC, last_year IS NULL, last_year DESC, c.name_fold, c.id
SKIP $offset
LIMIT $limit
CALL (papers) {
  UNWIND papers AS shared
  MATCH (shared)-[:HAS_TOPIC]->(t:Topic)
  WITH t.id AS topic, count(*) AS n
  ORDER BY n DESC, topic
  LIMIT 5
  RETURN collect(topic) AS shared_topics
}
RETURN c.id AS id, c.name AS name, shared_papers, first_year, last_year, shared_topics
ORDER BY shared_papers DESC, last_year IS NULL, last_year DESC, c.name_fold, c.id

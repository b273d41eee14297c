// list_collaborators without a year or topic filter: a page of COAUTHOR pairs, then the
// shared topics of that page's papers only.
MATCH (r:Researcher {id: $researcher_id})-[c:COAUTHOR]-(o:Researcher)
WHERE c.papers >= $min_shared
WITH r, o, c
ORDER BY c.papers DESC, c.last_year IS NULL, c.last_year DESC, o.name_fold, o.id
SKIP $offset
LIMIT $limit
CALL (r, o) {
  MATCH (r)-[:AUTHORED]->(shared:Paper)<-[:AUTHORED]-(o)
  MATCH (shared)-[:HAS_TOPIC]->(t:Topic)
  WITH t.id AS topic, count(*) AS n
  ORDER BY n DESC, topic
  LIMIT 5
  RETURN collect(topic) AS shared_topics
}
RETURN o.id AS id, o.name AS name, c.papers AS shared_papers, c.first_year AS first_year,
       c.last_year AS last_year, shared_topics

MATCH (t:Topic {id: $topic_id})
CALL () {
  MATCH (p:Paper)
  WHERE EXISTS { (p)-[:HAS_TOPIC]->(:Topic) }
  RETURN count(p) AS total
}
MATCH (t)<-[:HAS_TOPIC]-(p:Paper)-[:HAS_TOPIC]->(o:Topic)
WHERE o <> t
  AND NOT EXISTS { (t)-[:SUBTOPIC_OF*1..]->(o) }
  AND NOT EXISTS { (o)-[:SUBTOPIC_OF*1..]->(t) }
WITH t, total, o, count(p) AS co_papers
RETURN o.id AS id, o.label AS label, co_papers,
       COUNT { (:Paper)-[:HAS_TOPIC]->(o) } AS papers,
       COUNT { (:Paper)-[:HAS_TOPIC]->(t) } AS papers_x,
       total

MATCH (t:Topic {id: $topic_id})<-[:HAS_TOPIC]-(p:Paper)<-[:AUTHORED]-(r:Researcher)
WITH r, count(p) AS papers
RETURN r.id AS id, r.name AS name, papers
ORDER BY papers DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

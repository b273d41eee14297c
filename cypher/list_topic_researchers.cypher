MATCH (t:Topic {id: $topic_id})<-[w:WORKS_ON]-(r:Researcher)
RETURN r.id AS id, r.name AS name, w.papers AS papers
ORDER BY papers DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

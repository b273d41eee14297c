MATCH (r:Researcher)
WHERE all(word IN split($q, ' ') WHERE r.name_fold CONTAINS word)
WITH r, COUNT { (r)-[:AUTHORED]->(:Paper) } AS works
RETURN r.id AS id, r.name AS name, works
ORDER BY works DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

// Ranked as graph/search.py says: exact, prefix, whole words, partial prefix, contained; then works desc, name, id.
MATCH (r:Researcher)
WHERE all(word IN split($q, ' ') WHERE r.search_key CONTAINS word)
WITH r, CASE
    WHEN $q = '' OR r.search_key = $q THEN 0
    WHEN r.search_key STARTS WITH ($q + ' ') THEN 1
    WHEN all(word IN split($q, ' ') WHERE (' ' + r.search_key + ' ') CONTAINS (' ' + word + ' ')) THEN 2
    WHEN r.search_key STARTS WITH $q THEN 3
    ELSE 4
  END AS rank
WITH r, rank, COUNT { (r)-[:AUTHORED]->(:Paper) } AS works
RETURN r.id AS id, r.name AS name, works
ORDER BY rank, works DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

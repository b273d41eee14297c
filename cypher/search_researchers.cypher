// Ranked as graph/search.py says: exact, prefix, whole words, partial prefix, contained; then works desc, name, id.
// The query's first word, a plain CONTAINS, is what the planner can answer from the
// researcher_search_key text index; the list predicate alone made it read every researcher.
MATCH (r:Researcher)
WHERE r.search_key CONTAINS split($q, ' ')[0]
  AND all(word IN split($q, ' ') WHERE r.search_key CONTAINS word)
WITH r, CASE
    WHEN $q = '' OR r.search_key = $q THEN 0
    WHEN r.search_key STARTS WITH ($q + ' ') THEN 1
    WHEN all(word IN split($q, ' ') WHERE (' ' + r.search_key + ' ') CONTAINS (' ' + word + ' ')) THEN 2
    WHEN r.search_key STARTS WITH $q THEN 3
    ELSE 4
  END AS rank
WITH r, rank, coalesce(r.works, 0) AS works  // kept at write time (project_works.cypher), as the profile reads it
RETURN r.id AS id, r.name AS name, works
ORDER BY rank, works DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

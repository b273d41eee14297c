// Ranked as graph/search.py says: exact, prefix, whole words, partial prefix, contained; then year desc, id.
MATCH (p:Paper)
WHERE all(word IN split($q, ' ') WHERE p.search_key CONTAINS word)
  AND ($year IS NULL OR p.year = $year)
  AND ($has_code IS NULL OR p.has_code = $has_code)
  AND ($topic IS NULL OR EXISTS { (p)-[:HAS_TOPIC]->(:Topic {id: $topic}) })
WITH p, CASE
    WHEN $q = '' OR p.search_key = $q THEN 0
    WHEN p.search_key STARTS WITH ($q + ' ') THEN 1
    WHEN all(word IN split($q, ' ') WHERE (' ' + p.search_key + ' ') CONTAINS (' ' + word + ' ')) THEN 2
    WHEN p.search_key STARTS WITH $q THEN 3
    ELSE 4
  END AS rank
RETURN p.record AS record
ORDER BY rank, p.year IS NULL, p.year DESC, p.id
SKIP $offset
LIMIT $limit

MATCH (p:Paper)
WHERE all(word IN split($q, ' ') WHERE p.title_fold CONTAINS word)
  AND ($year IS NULL OR p.year = $year)
  AND ($has_code IS NULL OR p.has_code = $has_code)
  AND ($topic IS NULL OR EXISTS { (p)-[:HAS_TOPIC]->(:Topic {id: $topic}) })
RETURN p.record AS record
ORDER BY p.year IS NULL, p.year DESC, p.id
SKIP $offset
LIMIT $limit

MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(p:Paper)
WHERE ($year IS NULL OR p.year = $year)
  AND ($topic IS NULL OR EXISTS { (p)-[:HAS_TOPIC]->(:Topic {id: $topic}) })
RETURN p.record AS record
ORDER BY p.year IS NULL, p.year DESC, p.title IS NULL, p.title, p.id
SKIP $offset
LIMIT $limit

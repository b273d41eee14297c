MATCH (p:Paper)-[h:HAS_TOPIC]->(t:Topic {id: $topic_id})
RETURN p.record AS record
ORDER BY coalesce(h.score, 0.0) DESC, p.year IS NULL, p.year DESC, p.id
SKIP $offset
LIMIT $limit

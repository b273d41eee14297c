MATCH (t:Topic)
WHERE any(name IN t.search WHERE name CONTAINS $q)
RETURN t.record AS record
ORDER BY NOT ($q IN t.search), t.id
SKIP $offset
LIMIT $limit

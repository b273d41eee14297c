MATCH (i:Institution)
WHERE any(name IN i.search WHERE name CONTAINS $q)
RETURN i.record AS record
ORDER BY i.name_fold, i.id
SKIP $offset
LIMIT $limit

MATCH (i:Institution {id: $institution_id})-[c:SHARES_PAPERS]-(o:Institution)
RETURN o.id AS id, o.name AS name, c.papers AS shared_papers
ORDER BY shared_papers DESC, id
SKIP $offset
LIMIT $limit

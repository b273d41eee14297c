MATCH (i:Institution {id: $institution_id})<-[:FROM_INSTITUTION]-(p:Paper)-[:FROM_INSTITUTION]->(o:Institution)
WHERE o <> i
WITH o, count(p) AS shared_papers
RETURN o.id AS id, o.name AS name, shared_papers
ORDER BY shared_papers DESC, id
SKIP $offset
LIMIT $limit

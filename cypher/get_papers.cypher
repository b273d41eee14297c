UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN DISTINCT p.id AS id, p.record AS record
ORDER BY id

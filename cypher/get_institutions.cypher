UNWIND $ids AS id
MATCH (i:Institution {id: id})
RETURN DISTINCT i.id AS id, i.record AS record
ORDER BY id

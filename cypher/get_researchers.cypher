UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN DISTINCT r.id AS id, r.record AS record
ORDER BY id

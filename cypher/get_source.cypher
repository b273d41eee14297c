MATCH (s:Source {id: $id})
RETURN s.record AS record

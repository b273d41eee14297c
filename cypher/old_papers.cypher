// The stored versions of a batch's papers, read before they are replaced (graph/projection.py).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, p.record AS record

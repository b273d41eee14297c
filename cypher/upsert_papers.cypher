UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p += row.props
WITH p
CALL (p) {
  MATCH (p)-[old:HAS_TOPIC|HAS_CODE|FROM_INSTITUTION|EXTRACTED_FROM]->()
  DELETE old
}
CALL (p) {
  OPTIONAL MATCH (r:Researcher)-[old:AUTHORED]->(p)
  DELETE old
  RETURN collect(r.id) AS old_authors
}
RETURN old_authors

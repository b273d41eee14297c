// The relationships of papers that had a stored version and changed: the new version's are
// created afresh (graph/neo4j/writes.py). New and unchanged papers are never listed here.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
CALL (p) {
  MATCH (p)-[old:HAS_TOPIC|HAS_CODE|FROM_INSTITUTION|EXTRACTED_FROM]->()
  DELETE old
}
CALL (p) {
  MATCH (:Researcher)-[old:AUTHORED]->(p)
  DELETE old
}

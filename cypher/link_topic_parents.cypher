UNWIND $rows AS row
MATCH (t:Topic {id: row.id})
CALL (t) {
  MATCH (t)-[old:SUBTOPIC_OF]->()
  DELETE old
}
WITH t, row
MATCH (parent:Topic {id: row.parent})
MERGE (t)-[:SUBTOPIC_OF]->(parent)

UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (c:Repository {id: row.repository_id})
MERGE (p)-[h:HAS_CODE]->(c)
SET h.path = row.path

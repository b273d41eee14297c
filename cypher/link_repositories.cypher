UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (c:Repository {id: row.repository_id})
CREATE (p)-[:HAS_CODE {path: row.path}]->(c)

UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (s:Source {id: row.source_id})
CREATE (p)-[:EXTRACTED_FROM]->(s)

UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (i:Institution {id: row.institution_id})
CREATE (p)-[:FROM_INSTITUTION]->(i)

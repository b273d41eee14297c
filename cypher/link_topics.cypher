UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (t:Topic {id: row.topic_id})
CREATE (p)-[:HAS_TOPIC {score: row.score, evidence: row.evidence}]->(t)

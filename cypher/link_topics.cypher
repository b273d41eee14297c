UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (t:Topic {id: row.topic_id})
MERGE (p)-[h:HAS_TOPIC]->(t)
SET h.score = row.score, h.evidence = row.evidence

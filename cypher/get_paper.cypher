MATCH (p:Paper {id: $paper_id})
RETURN p.record AS record,
       COLLECT { MATCH (p)-[:FROM_INSTITUTION]->(i:Institution) RETURN i.record ORDER BY i.id } AS institutions

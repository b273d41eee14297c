UNWIND $rows AS row
MATCH (a:Topic {id: row.a})
MATCH (b:Topic {id: row.b})
MERGE (a)-[c:CO_OCCURS]->(b)
SET c.papers = coalesce(c.papers, 0) + row.papers
WITH c
WHERE c.papers = 0
DELETE c

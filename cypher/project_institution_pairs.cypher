UNWIND $rows AS row
MATCH (a:Institution {id: row.a})
MATCH (b:Institution {id: row.b})
MERGE (a)-[c:SHARES_PAPERS]->(b)
SET c.papers = coalesce(c.papers, 0) + row.papers
WITH c
WHERE c.papers = 0
DELETE c

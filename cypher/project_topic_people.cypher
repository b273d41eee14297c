// Papers of a researcher with a topic: all of them, and those without fallback evidence.
UNWIND $rows AS row
MATCH (r:Researcher {id: row.researcher})
MATCH (t:Topic {id: row.topic})
MERGE (r)-[w:WORKS_ON]->(t)
SET w.papers = coalesce(w.papers, 0) + row.papers, w.strict = coalesce(w.strict, 0) + row.strict
WITH w
WHERE w.papers = 0
DELETE w

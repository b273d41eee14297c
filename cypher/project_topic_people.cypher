// Papers of a researcher with a topic: all of them, and those without fallback evidence.
// One row per researcher, with the topics whose counts moved.
UNWIND $rows AS row
MATCH (r:Researcher {id: row.researcher})
UNWIND row.topics AS x
MATCH (t:Topic {id: x.topic})
MERGE (r)-[w:WORKS_ON]->(t)
SET w.papers = coalesce(w.papers, 0) + x.papers, w.strict = coalesce(w.strict, 0) + x.strict
WITH w
WHERE w.papers = 0
DELETE w

MATCH (t:Topic {id: $topic_id})
RETURN t.record AS record,
       coalesce(t.papers, 0) AS papers,
       COUNT { (:Researcher)-[:WORKS_ON]->(t) } AS researchers,
       COLLECT { MATCH (c:Topic)-[:SUBTOPIC_OF]->(t) RETURN c.id ORDER BY c.id } AS children

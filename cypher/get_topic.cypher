MATCH (t:Topic {id: $topic_id})
RETURN t.record AS record,
       COUNT { (:Paper)-[:HAS_TOPIC]->(t) } AS papers,
       size(COLLECT { MATCH (r:Researcher)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t) RETURN DISTINCT r.id }) AS researchers,
       COLLECT { MATCH (c:Topic)-[:SUBTOPIC_OF]->(t) RETURN c.id ORDER BY c.id } AS children

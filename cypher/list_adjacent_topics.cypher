// Co-occurrence counts kept at write time (graph/neo4j/project.py); graph/scoring.py scores them.
MATCH (t:Topic {id: $topic_id})
OPTIONAL MATCH (m:Projection {id: 'projection'})
MATCH (t)-[c:CO_OCCURS]-(o:Topic)
WHERE NOT EXISTS { (t)-[:SUBTOPIC_OF*1..]->(o) }
  AND NOT EXISTS { (o)-[:SUBTOPIC_OF*1..]->(t) }
RETURN o.id AS id, o.label AS label, c.papers AS co_papers, coalesce(o.papers, 0) AS papers,
       coalesce(t.papers, 0) AS papers_x, coalesce(m.topical, 0) AS total

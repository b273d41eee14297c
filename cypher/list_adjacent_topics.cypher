// Co-occurrence counts kept at write time (graph/neo4j/project.py); graph/scoring.py scores them.
// The topic's own ancestors and descendants are left out.
MATCH (t:Topic {id: $topic_id})
OPTIONAL MATCH (m:Projection {id: 'projection'})
WITH t, coalesce(m.topical, 0) AS total,
     [(t)-[:SUBTOPIC_OF*1..]->(a:Topic) | a] + [(d:Topic)-[:SUBTOPIC_OF*1..]->(t) | d] AS lineage
MATCH (t)-[c:CO_OCCURS]-(o:Topic)
WHERE NOT o IN lineage
RETURN o.id AS id, o.label AS label, c.papers AS co_papers, coalesce(o.papers, 0) AS papers,
       coalesce(t.papers, 0) AS papers_x, total

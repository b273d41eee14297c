UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, r.name AS name,
       COUNT { (r)-[:AUTHORED]->(:Paper) } AS works,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(p:Paper) WHERE p.year IS NOT NULL
         WITH p.year AS year, count(*) AS papers
         RETURN [year, papers]
       } AS years,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(:Paper)-[h:HAS_TOPIC]->(t:Topic)
         WHERE NOT any(e IN coalesce(h.evidence, []) WHERE e STARTS WITH 'fallback')
         WITH t, count(*) AS papers
         RETURN [t.id, t.label, papers, COUNT { (t)<-[:HAS_TOPIC]-() },
                 NOT EXISTS { (t)-[:SUBTOPIC_OF]->(:Topic) } AND EXISTS { (:Topic)-[:SUBTOPIC_OF]->(t) }]
       } AS topics,
       COLLECT { MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) RETURN [i.id, i.name] } AS institutions

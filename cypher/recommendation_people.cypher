// Scoring rows from the write-time counts: works, papers per year ([year, papers, ...]),
// topics without fallback evidence with the topic's papers, institutions.
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, r.name AS name, coalesce(r.works, 0) AS works, coalesce(r.years, []) AS years,
       COLLECT {
         MATCH (r)-[w:WORKS_ON]->(t:Topic)
         WHERE w.strict > 0
         RETURN [t.id, t.label, w.strict, coalesce(t.papers, 0)]
       } AS topics,
       COLLECT { MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) RETURN [i.id, i.name] } AS institutions

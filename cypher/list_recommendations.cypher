// The centre's rows in one round trip (graph/neo4j/reads_graph.py): their scoring row, their
// co-authors (strongest first), their topics (with whether each is a field: no parent, children
// under it), the topics of their papers for the seed topics, and the
// number of papers. No row: no such researcher.
MATCH (r:Researcher {id: $researcher_id})
CALL () {
  MATCH (p:Paper)
  RETURN count(p) AS total_papers
}
RETURN r.id AS id, r.name AS name, coalesce(r.works, 0) AS works, coalesce(r.years, []) AS years,
       COLLECT {
         MATCH (r)-[w:WORKS_ON]->(t:Topic)
         WHERE w.strict > 0
         RETURN [t.id, t.label, w.strict, coalesce(t.papers, 0),
                 NOT EXISTS { (t)-[:SUBTOPIC_OF]->(:Topic) } AND EXISTS { (:Topic)-[:SUBTOPIC_OF]->(t) }]
       } AS topics,
       COLLECT { MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) RETURN [i.id, i.name] } AS institutions,
       COLLECT {
         MATCH (r)-[c:COAUTHOR]-(z:Researcher)
         WITH z, c
         ORDER BY c.papers DESC, z.id
         RETURN [z.id, z.name, c.papers, c.last_year]
       } AS coauthors,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(q:Paper)-[:HAS_TOPIC]->(t:Topic)
         WITH t, collect(q.id) AS topic_papers
         RETURN [t.id, topic_papers, [(t)-[:SUBTOPIC_OF*1..]->(a:Topic) | a.id]]
       } AS own_topics,
       total_papers AS papers

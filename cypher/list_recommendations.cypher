// Everything list_recommendations needs before its pool is known, in one round trip
// (graph/neo4j/reads_graph.py): the centre's scoring row, their co-authors (strongest first),
// their topics (with whether each is a field: no parent, children under it), the topics of
// their papers, the first $bridges co-authors' own co-authors (two-hop ties), the stored
// leaders of every topic the seeds can be (their papers' topics, those topics' ancestors and
// $topic; null: not listed again yet), the members of their first $institutions institutions
// and of $institution, and the number of papers. No row: no such researcher.
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
       COLLECT {
         MATCH (r)-[c:COAUTHOR]-(z:Researcher)
         WITH z, c
         ORDER BY c.papers DESC, z.id
         LIMIT $bridges
         CALL (z) {
           MATCH (z)-[c:COAUTHOR]-(w:Researcher)
           RETURN collect([w.id, c.papers, c.last_year]) AS theirs
         }
         RETURN [z.id, size(theirs), [x IN theirs WHERE x[0] <> $researcher_id]]
       } AS hops,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF*0..]->(t:Topic)
         RETURN [t.id, CASE WHEN t.candidates IS NULL THEN t.leaders END] AS row
         UNION
         MATCH (t:Topic {id: $topic})
         RETURN [t.id, CASE WHEN t.candidates IS NULL THEN t.leaders END] AS row
       } AS seed_leaders,
       COLLECT {
         CALL (r) {
           OPTIONAL MATCH (r)-[a:AFFILIATED_WITH]->(i:Institution)
           WITH i, coalesce(a.papers, 0) AS papers
           ORDER BY papers DESC, i.id
           LIMIT $institutions
           RETURN collect(i.id) AS firsts
         }
         UNWIND firsts + [$institution] AS institution_id
         MATCH (i:Institution {id: institution_id})
         CALL (i) {
           MATCH (member:Researcher)-[m:AFFILIATED_WITH]->(i)
           WITH member, coalesce(m.papers, 0) AS papers
           ORDER BY papers DESC, member.id
           LIMIT $leaders
           RETURN collect(member.id) AS members
         }
         RETURN members
       } AS members,
       total_papers AS papers

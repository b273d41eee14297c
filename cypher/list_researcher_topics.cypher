// Per topic of their papers: which papers, and the topic's ancestors (once per topic).
MATCH (r:Researcher {id: $researcher_id})-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
WITH r, t, collect(p.id) AS papers
RETURN t.id AS id, t.label AS label, papers, coalesce(r.works, 0) AS works,
       [(t)-[:SUBTOPIC_OF*1..]->(a:Topic) | a.id] AS ancestors

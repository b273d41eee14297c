// Researchers whose authorships changed: AFFILIATED_WITH recomputed from their AUTHORED
// affiliations, their works, first and last year and papers per year counted again, and
// their scoring row (recommendation_people.cypher) copied onto the node.
UNWIND $researcher_ids AS researcher_id
MATCH (r:Researcher {id: researcher_id})
CALL (r) {
  MATCH (r)-[old:AFFILIATED_WITH]->()
  DELETE old
}
CALL (r) {
  MATCH (r)-[a:AUTHORED]->(p:Paper)
  UNWIND a.affiliations AS institution_id
  WITH r, institution_id, count(p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
  MATCH (i:Institution {id: institution_id})
  CREATE (r)-[:AFFILIATED_WITH {papers: papers, first_year: first_year, last_year: last_year}]->(i)
}
CALL (r) {
  OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
  WITH p.year AS year, count(p) AS papers
  ORDER BY year
  RETURN sum(papers) AS works, min(year) AS first_year, max(year) AS last_year,
         reduce(flat = [], y IN collect(CASE WHEN year IS NULL THEN null ELSE [year, papers] END) | flat + y) AS years
}
SET r.works = works, r.first_year = first_year, r.last_year = last_year, r.years = years
WITH r
CALL (r) {
  OPTIONAL MATCH (r)-[w:WORKS_ON]->(t:Topic)
  WHERE w.strict > 0
  RETURN collect(t.id) AS topic_ids, collect(w.strict) AS topic_strict
}
CALL (r) {
  OPTIONAL MATCH (r)-[:AFFILIATED_WITH]->(i:Institution)
  RETURN collect(i.id) AS institution_ids
}
SET r.topic_ids = topic_ids, r.topic_strict = topic_strict, r.institution_ids = institution_ids

// Researchers whose authorships changed: AFFILIATED_WITH recomputed from their AUTHORED
// affiliations, and their works, first and last year and papers per year counted again.
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

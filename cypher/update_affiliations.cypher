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

// AFFILIATED_WITH pairs that lost a paper or a year: counted again from the researcher's
// AUTHORED affiliations, removed when none is left.
UNWIND $rows AS row
MATCH (r:Researcher {id: row.researcher})
MATCH (i:Institution {id: row.institution})
CALL (r, i) {
  OPTIONAL MATCH (r)-[a:AUTHORED]->(p:Paper)
  WHERE i.id IN a.affiliations
  RETURN count(p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
}
MERGE (r)-[x:AFFILIATED_WITH]->(i)
SET x.papers = papers, x.first_year = first_year, x.last_year = last_year
WITH x
WHERE x.papers = 0
DELETE x

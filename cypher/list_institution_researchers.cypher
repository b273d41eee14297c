MATCH (i:Institution {id: $institution_id})
CALL (i) {
  MATCH (r:Researcher)-[a:AFFILIATED_WITH]->(i)
  UNWIND [a.first_year, a.last_year] AS year
  RETURN r, coalesce(a.papers, 0) AS affiliation_papers, 0 AS paper, year
  UNION ALL
  MATCH (r:Researcher)-[:AUTHORED]->(p:Paper)-[:FROM_INSTITUTION]->(i)
  RETURN r, 0 AS affiliation_papers, 1 AS paper, p.year AS year
}
WITH r, max(affiliation_papers) AS affiliation_papers, sum(paper) AS paper_papers,
     min(year) AS first_year, max(year) AS last_year
WITH r, CASE WHEN affiliation_papers > paper_papers THEN affiliation_papers ELSE paper_papers END AS papers,
     first_year, last_year
RETURN r.id AS id, r.name AS name, papers, first_year, last_year
ORDER BY papers DESC, r.name_fold, r.id
SKIP $offset
LIMIT $limit

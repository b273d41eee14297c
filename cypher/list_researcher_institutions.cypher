MATCH (r:Researcher {id: $researcher_id})
CALL (r) {
  MATCH (r)-[a:AFFILIATED_WITH]->(i:Institution)
  UNWIND [a.first_year, a.last_year] AS year
  RETURN i, coalesce(a.papers, 0) AS affiliation_papers, 0 AS paper, year, 'affiliation' AS evidence
  UNION ALL
  MATCH (r)-[:AUTHORED]->(p:Paper)-[:FROM_INSTITUTION]->(i:Institution)
  WHERE EXISTS { (r)-[:AFFILIATED_WITH]->(i) } OR COUNT { (:Researcher)-[:AUTHORED]->(p) } = 1
  RETURN i, 0 AS affiliation_papers, 1 AS paper, p.year AS year, 'paper' AS evidence
}
WITH i, max(affiliation_papers) AS affiliation_papers, sum(paper) AS paper_papers,
     min(year) AS first_year, max(year) AS last_year, collect(DISTINCT evidence) AS evidence
WITH i, CASE WHEN affiliation_papers > paper_papers THEN affiliation_papers ELSE paper_papers END AS papers,
     first_year, last_year, evidence
RETURN i.id AS id, i.name AS name, papers, first_year, last_year, evidence
ORDER BY papers DESC, id
SKIP $offset
LIMIT $limit

// Co-author pairs that lost a paper or a year: counted again from their AUTHORED papers,
// removed when none is left.
UNWIND $rows AS row
MATCH (a:Researcher {id: row.a})
MATCH (b:Researcher {id: row.b})
CALL (a, b) {
  OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b)
  RETURN count(p) AS papers, min(p.year) AS first_year, max(p.year) AS last_year
}
MERGE (a)-[c:COAUTHOR]->(b)
SET c.papers = papers, c.first_year = first_year, c.last_year = last_year
WITH c
WHERE c.papers = 0
DELETE c

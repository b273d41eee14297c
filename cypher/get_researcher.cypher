// The whole profile in one round trip. Works and years, the co-author count and the five
// closest (two shared papers or more) come from the write-time counts (graph/neo4j/project.py);
// topics and institutions are the rows list_researcher_topics and list_researcher_institutions
// read, ranked in Python.
MATCH (r:Researcher {id: $researcher_id})
RETURN r.record AS record, coalesce(r.works, 0) AS works, r.first_year AS first_year, r.last_year AS last_year,
       size(COLLECT { MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_CODE]->(c:Repository) RETURN DISTINCT c.id }) AS repositories,
       COUNT { (r)-[:COAUTHOR]-(:Researcher) } AS collaborators,
       COLLECT {
         MATCH (r)-[c:COAUTHOR]-(o:Researcher)
         WHERE c.papers >= 2
         WITH o, c
         ORDER BY c.papers DESC, c.last_year IS NULL, c.last_year DESC, o.name_fold, o.id
         LIMIT 5
         RETURN [o.id, o.name, c.papers]
       } AS close,
       COLLECT {
         MATCH (r)-[:AUTHORED]->(q:Paper)-[:HAS_TOPIC]->(t:Topic)
         WITH t, collect(q.id) AS topic_papers
         RETURN {id: t.id, label: t.label, papers: topic_papers, ancestors: [(t)-[:SUBTOPIC_OF*1..]->(a:Topic) | a.id]}
       } AS topics,
       COLLECT {
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
         RETURN {id: i.id, name: i.name, first_year: first_year, last_year: last_year, evidence: evidence,
                 papers: CASE WHEN affiliation_papers > paper_papers THEN affiliation_papers ELSE paper_papers END}
       } AS institutions

// Works and years, co-author count and the five closest (two shared papers or more) come
// from the write-time counts (graph/neo4j/project.py).
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
       } AS close

MATCH (r:Researcher {id: $researcher_id})
OPTIONAL MATCH (r)-[:AUTHORED]->(p:Paper)
WITH r, count(p) AS works, min(p.year) AS first_year, max(p.year) AS last_year
RETURN r.record AS record, works, first_year, last_year,
       size(COLLECT { MATCH (r)-[:AUTHORED]->(:Paper)-[:HAS_CODE]->(c:Repository) RETURN DISTINCT c.id }) AS repositories

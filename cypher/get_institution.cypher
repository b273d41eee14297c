MATCH (i:Institution {id: $institution_id})
RETURN i.record AS record,
       COUNT { (:Paper)-[:FROM_INSTITUTION]->(i) } AS papers,
       size(COLLECT {
         MATCH (r:Researcher)-[:AFFILIATED_WITH]->(i)
         RETURN r.id AS id
         UNION
         MATCH (r:Researcher)-[:AUTHORED]->(:Paper)-[:FROM_INSTITUTION]->(i)
         RETURN r.id AS id
       }) AS researchers

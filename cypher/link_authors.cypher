UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (r:Researcher {id: row.researcher_id})
MERGE (r)-[a:AUTHORED]->(p)
SET a.position = row.position, a.evidence = row.evidence, a.affiliations = row.affiliations

UNWIND $rows AS row
MATCH (p:Paper {id: row.paper_id})
MATCH (r:Researcher {id: row.researcher_id})
CREATE (r)-[:AUTHORED {position: row.position, evidence: row.evidence, affiliations: row.affiliations}]->(p)

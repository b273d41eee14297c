UNWIND $rows AS row
MERGE (n:Researcher {id: row.id})
ON CREATE SET n += row.props

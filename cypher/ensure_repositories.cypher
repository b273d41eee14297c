UNWIND $rows AS row
MERGE (n:Repository {id: row.id})
ON CREATE SET n += row.props

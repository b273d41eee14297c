UNWIND $rows AS row
MERGE (n:Institution {id: row.id})
ON CREATE SET n += row.props

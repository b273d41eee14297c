UNWIND $rows AS row
MERGE (n:Topic {id: row.id})
ON CREATE SET n += row.props

UNWIND $rows AS row
MERGE (c:Repository {id: row.id})
SET c += row.props

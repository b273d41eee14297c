UNWIND $rows AS row
MERGE (i:Institution {id: row.id})
SET i += row.props

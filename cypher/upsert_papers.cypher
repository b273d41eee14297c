UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p += row.props

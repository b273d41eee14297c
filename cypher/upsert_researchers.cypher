UNWIND $rows AS row
MERGE (r:Researcher {id: row.id})
SET r += row.props

// A researcher whose folded name changed moves in its topics' leader lists: those are cleared.
UNWIND $rows AS row
MERGE (r:Researcher {id: row.id})
WITH r, row, r.name_fold AS before
SET r += row.props
WITH r, before
WHERE before IS NOT NULL AND before <> r.name_fold
MATCH (r)-[:WORKS_ON]->(t:Topic)
SET t.leaders = null

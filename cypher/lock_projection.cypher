// First statement of every paper write: it locks the one Projection node, so that writers
// take turns and each applies its aggregate deltas to what the last one committed.
MERGE (m:Projection {id: 'projection'})
SET m.writes = coalesce(m.writes, 0) + 1

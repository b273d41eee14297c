// First statement of every paper write: it locks the one Projection node, so that writers
// take turns and each applies its aggregate deltas to what the last one committed. It also
// moves the version that cached reads key on (touch_projection.cypher).
MERGE (m:Projection {id: 'projection'})
ON CREATE SET m.epoch = randomUUID()
SET m.writes = coalesce(m.writes, 0) + 1

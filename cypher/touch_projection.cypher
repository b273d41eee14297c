// Every write moves the version that cached reads key on (graph/neo4j/cache.py); a node made
// anew (after a wipe) draws a new epoch.
MERGE (m:Projection {id: 'projection'})
ON CREATE SET m.epoch = randomUUID()
SET m.writes = coalesce(m.writes, 0) + 1

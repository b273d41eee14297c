// The write version the read cache keys on (graph/neo4j/cache.py): no row before the first write.
MATCH (m:Projection {id: 'projection'})
RETURN m.epoch AS epoch, m.writes AS writes

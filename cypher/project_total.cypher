// N of topic co-occurrence: papers with at least one topic.
MATCH (m:Projection {id: 'projection'})
SET m.topical = coalesce(m.topical, 0) + $topical

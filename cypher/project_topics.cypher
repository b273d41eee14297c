// Papers per topic; a topic whose researchers' counts moved has its stored leaders cleared
// (refresh_leaders.cypher lists them again).
UNWIND $rows AS row
MATCH (t:Topic {id: row.id})
SET t.papers = coalesce(t.papers, 0) + row.papers, t.leaders = null

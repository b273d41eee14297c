// Papers per topic, and what refresh_leaders.cypher ranks next: a topic whose researcher
// counts only grew keeps its leaders and gains the researchers that grew as candidates; one
// where a count fell ("relist") loses its leaders and is ranked from all its researchers.
UNWIND $rows AS row
MATCH (t:Topic {id: row.id})
WITH t, row, row.relist OR t.leaders IS NULL AS relist
SET t.papers = coalesce(t.papers, 0) + row.papers,
    t.leaders = CASE WHEN relist THEN null ELSE t.leaders END,
    t.candidates = CASE WHEN relist THEN null ELSE coalesce(t.candidates, []) + row.candidates END

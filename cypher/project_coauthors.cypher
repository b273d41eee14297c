// Co-author pairs that only gained papers (graph/projection.py): counts added, years widened.
// One COAUTHOR relationship per pair, from the smaller id to the larger; one row per smaller id.
UNWIND $rows AS row
MATCH (a:Researcher {id: row.a})
UNWIND row.pairs AS x
MATCH (b:Researcher {id: x.b})
MERGE (a)-[c:COAUTHOR]->(b)
SET c.papers = coalesce(c.papers, 0) + x.papers,
    c.first_year = CASE WHEN c.first_year IS NULL OR x.first_year < c.first_year THEN x.first_year
                        ELSE c.first_year END,
    c.last_year = CASE WHEN c.last_year IS NULL OR x.last_year > c.last_year THEN x.last_year
                       ELSE c.last_year END

// Co-author pairs that only gained papers (graph/projection.py): counts added, years widened.
// One COAUTHOR relationship per pair, from the smaller id to the larger.
UNWIND $rows AS row
MATCH (a:Researcher {id: row.a})
MATCH (b:Researcher {id: row.b})
MERGE (a)-[c:COAUTHOR]->(b)
SET c.papers = coalesce(c.papers, 0) + row.papers,
    c.first_year = CASE WHEN c.first_year IS NULL OR row.first_year < c.first_year THEN row.first_year
                        ELSE c.first_year END,
    c.last_year = CASE WHEN c.last_year IS NULL OR row.last_year > c.last_year THEN row.last_year
                       ELSE c.last_year END

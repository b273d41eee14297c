// AFFILIATED_WITH pairs that only gained papers: counts added, years widened. One row per
// researcher, with the institutions whose counts moved.
UNWIND $rows AS row
MATCH (r:Researcher {id: row.researcher})
UNWIND row.institutions AS x
MATCH (i:Institution {id: x.institution})
MERGE (r)-[a:AFFILIATED_WITH]->(i)
SET a.papers = coalesce(a.papers, 0) + x.papers,
    a.first_year = CASE WHEN a.first_year IS NULL OR x.first_year < a.first_year THEN x.first_year
                        ELSE a.first_year END,
    a.last_year = CASE WHEN a.last_year IS NULL OR x.last_year > a.last_year THEN x.last_year
                       ELSE a.last_year END

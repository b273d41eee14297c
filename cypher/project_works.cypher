// Works, first and last year and papers per year ([year, papers, ...]) as counted in Python
// from the stored values and the batch's change.
UNWIND $rows AS row
MATCH (r:Researcher {id: row.id})
SET r.works = row.works, r.first_year = row.first_year, r.last_year = row.last_year, r.years = row.years

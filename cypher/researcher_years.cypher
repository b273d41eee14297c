// The stored works and papers per year of researchers whose authorships are about to move
// (graph/neo4j/project.py works_rows adds the change to them).
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, coalesce(r.works, 0) AS works, coalesce(r.years, []) AS years

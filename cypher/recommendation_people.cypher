// Candidates' scoring rows, kept on the node at write time (project_works.cypher,
// score_researchers.cypher): works, papers per year ([year, papers, ...]), topics without
// fallback evidence with their papers, institutions.
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN r.id AS id, r.name AS name, coalesce(r.works, 0) AS works, coalesce(r.years, []) AS years,
       coalesce(r.topic_ids, []) AS topic_ids, coalesce(r.topic_strict, []) AS topic_strict,
       coalesce(r.institution_ids, []) AS institution_ids

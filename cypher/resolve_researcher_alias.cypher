// Where a retired researcher id leads: its alias's targets that are researchers (none for a live id).
MATCH (a:Alias {id: $researcher_id})
WHERE NOT EXISTS { MATCH (:Researcher {id: $researcher_id}) }
UNWIND a.targets AS target
MATCH (r:Researcher {id: target})
RETURN r.id AS id
ORDER BY id

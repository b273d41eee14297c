// The stored aliases of these ids and those with a target among $targets (graph/aliases.py).
MATCH (a:Alias)
WHERE a.id IN $ids
   OR any(t IN a.targets WHERE t IN $targets)
RETURN a.id AS id, a.targets AS targets

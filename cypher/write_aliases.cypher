// Alias rows (graph/aliases.py): a retired researcher id -> the ids its mentions went to.
UNWIND $rows AS row
MERGE (a:Alias {id: row.id})
SET a.targets = row.targets

UNWIND $ids AS id
MATCH (r:Researcher {id: id})
WHERE NOT (r)-[:AUTHORED]->()
DETACH DELETE r

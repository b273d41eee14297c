MATCH (p:Paper)
RETURN p.id AS paper_id, p.identity_keys AS identity_keys
ORDER BY p.id

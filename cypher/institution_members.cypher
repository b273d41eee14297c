MATCH (member:Researcher)-[m:AFFILIATED_WITH]->(:Institution {id: $institution_id})
WITH member, coalesce(m.papers, 0) AS papers
ORDER BY papers DESC, member.id
LIMIT $leaders
RETURN collect(member.id) AS members

MATCH (r:Researcher {id: $researcher_id})-[a:AFFILIATED_WITH]->(i:Institution)
WITH i, coalesce(a.papers, 0) AS papers
ORDER BY papers DESC, i.id
LIMIT $institutions
CALL (i) {
  MATCH (member:Researcher)-[m:AFFILIATED_WITH]->(i)
  WITH member, coalesce(m.papers, 0) AS papers
  ORDER BY papers DESC, member.id
  LIMIT $leaders
  RETURN collect(member.id) AS members
}
RETURN i.id AS id, members
ORDER BY papers DESC, id

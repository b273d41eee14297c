MATCH (p:Paper)
RETURN count(p) AS papers

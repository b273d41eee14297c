// Every topic with its paper count: graph/search.py's rank_topics orders them (stemmed names).
MATCH (t:Topic)
WITH t, COUNT { (t)<-[:HAS_TOPIC]-(:Paper) } AS papers
RETURN t.record AS record, papers
ORDER BY t.id

// Ranked as graph/search.py says, by the best of the topic's keys (id, label, aliases, acronyms);
// then papers desc, id.
MATCH (t:Topic)
WITH t, [key IN t.search_keys WHERE all(word IN split($q, ' ') WHERE key CONTAINS word)] AS hits
WHERE size(hits) > 0
WITH t, reduce(best = 4, r IN [key IN hits | CASE
    WHEN $q = '' OR key = $q THEN 0
    WHEN key STARTS WITH ($q + ' ') THEN 1
    WHEN all(word IN split($q, ' ') WHERE (' ' + key + ' ') CONTAINS (' ' + word + ' ')) THEN 2
    WHEN key STARTS WITH $q THEN 3
    ELSE 4
  END] | CASE WHEN r < best THEN r ELSE best END) AS rank
WITH t, rank, COUNT { (t)<-[:HAS_TOPIC]-(:Paper) } AS papers
RETURN t.record AS record
ORDER BY rank, papers DESC, t.id
SKIP $offset
LIMIT $limit

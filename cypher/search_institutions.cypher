// Ranked as graph/search.py says, by the best of the institution's keys (name, aliases);
// then papers desc, name, id.
MATCH (i:Institution)
WITH i, [key IN i.search_keys WHERE all(word IN split($q, ' ') WHERE key CONTAINS word)] AS hits
WHERE size(hits) > 0
WITH i, reduce(best = 4, r IN [key IN hits | CASE
    WHEN $q = '' OR key = $q THEN 0
    WHEN key STARTS WITH ($q + ' ') THEN 1
    WHEN all(word IN split($q, ' ') WHERE (' ' + key + ' ') CONTAINS (' ' + word + ' ')) THEN 2
    WHEN key STARTS WITH $q THEN 3
    ELSE 4
  END] | CASE WHEN r < best THEN r ELSE best END) AS rank
WITH i, rank, COUNT { (i)<-[:FROM_INSTITUTION]-(:Paper) } AS papers
RETURN i.record AS record
ORDER BY rank, papers DESC, i.name_fold, i.id
SKIP $offset
LIMIT $limit

// The graph's nodes; the Projection node of the aggregates and the Alias nodes are not among them.
MATCH (n)
WHERE NOT n:Projection
  AND NOT n:Alias
RETURN count(n) AS nodes

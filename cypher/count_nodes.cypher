// The graph's nodes; the Projection node of the aggregates is not one of them.
MATCH (n)
WHERE NOT n:Projection
RETURN count(n) AS nodes

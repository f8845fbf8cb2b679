// Experiment $next is the next iteration of experiment $id (idempotent).
MATCH (x:Experiment {id: $id}), (n:Experiment {id: $next})
MERGE (x)-[:NEXT_ITERATION]->(n)
RETURN x.id AS id

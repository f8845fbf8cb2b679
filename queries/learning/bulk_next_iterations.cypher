// Bulk write: NEXT_ITERATION links $next_iterations [[experiment, next]]. Returns how many rows matched.
UNWIND $next_iterations AS pair
MATCH (x:Experiment {id: pair[0]}), (n:Experiment {id: pair[1]})
MERGE (x)-[:NEXT_ITERATION]->(n)
RETURN count(*) AS next_iterations

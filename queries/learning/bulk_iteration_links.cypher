// The stored NEXT_ITERATION links reachable (forwards) from the experiments $ids: with the links a
// bulk document adds, any loop they would close shows among these.
UNWIND $ids AS start
MATCH (:Experiment {id: start})-[:NEXT_ITERATION*0..]->(y:Experiment)-[:NEXT_ITERATION]->(z:Experiment)
RETURN DISTINCT y.id AS from, z.id AS to

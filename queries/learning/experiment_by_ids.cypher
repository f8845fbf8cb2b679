// Experiments by id: properties, the cycle that runs each, iterations before and after, co-designers,
// the factors intervened on and how much evidence each yielded.
UNWIND $ids AS wanted
MATCH (x:Experiment {id: wanted})
OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
RETURN x {
  .*,
  cycle_id: c.id,
  next_iterations: COLLECT { MATCH (x)-[:NEXT_ITERATION]->(n:Experiment) RETURN n.id ORDER BY n.id },
  previous_iterations: COLLECT { MATCH (x)<-[:NEXT_ITERATION]-(p:Experiment) RETURN p.id ORDER BY p.id },
  co_designers: COLLECT { MATCH (a:Actor)-[:CO_DESIGNED]->(x) RETURN a.id ORDER BY a.id },
  intervenes_on: COLLECT { MATCH (x)-[:INTERVENES_ON]->(f:Factor) RETURN f.id ORDER BY f.id },
  evidence_count: COUNT { (x)-[:YIELDED]->(:Evidence) }
} AS item

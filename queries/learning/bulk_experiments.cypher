// Bulk write: experiments $experiments [{id, cycle, props, co_designers: [actor ids], intervenes_on:
// [factor ids]}], each RUN by its cycle. Returns how many rows matched.
UNWIND $experiments AS row
MATCH (c:LearningCycle {id: row.cycle})
MERGE (x:Experiment {id: row.id})
SET x += row.props
MERGE (c)-[:RUNS]->(x)
WITH x, row
CALL (x, row) {
  UNWIND row.co_designers AS actor_id
  MATCH (a:Actor {id: actor_id})
  MERGE (a)-[:CO_DESIGNED]->(x)
  RETURN count(*) AS co_designers
}
CALL (x, row) {
  UNWIND row.intervenes_on AS factor_id
  MATCH (f:Factor {id: factor_id})
  MERGE (x)-[:INTERVENES_ON]->(f)
  RETURN count(*) AS interventions
}
RETURN count(*) AS experiments

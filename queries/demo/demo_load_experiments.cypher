// Demo loader, part 2 (experiments and evidence): experiments RUN by their cycles, NEXT_ITERATION,
// CO_DESIGNED, INTERVENES_ON (the factor of that outcome system with that exact name) and evidence
// YIELDED by its experiment. MERGE on id and SET the demo's properties (idempotent). Returns how
// many rows each part matched; the loader refuses (rolls back) unless every row matched.
CALL () {
  UNWIND $experiments AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (x:Experiment {id: row.id})
  SET x += row.props, x:Entity
  MERGE (c)-[:RUNS]->(x)
  RETURN count(*) AS experiments
}
CALL () {
  UNWIND $next_iterations AS row
  MATCH (a:Experiment {id: row.experiment}), (b:Experiment {id: row.next})
  MERGE (a)-[:NEXT_ITERATION]->(b)
  RETURN count(*) AS next_iterations
}
CALL () {
  UNWIND $co_designed AS row
  MATCH (a:Actor {id: row.actor}), (x:Experiment {id: row.experiment})
  MERGE (a)-[:CO_DESIGNED]->(x)
  RETURN count(*) AS co_designed
}
CALL () {
  UNWIND $interventions AS row
  MATCH (x:Experiment {id: row.experiment}),
        (f:Factor {name: row.name})-[:PART_OF]->(:OutcomeSystem {id: row.system})
  MERGE (x)-[:INTERVENES_ON]->(f)
  RETURN count(*) AS interventions
}
CALL () {
  UNWIND $evidence AS row
  MATCH (x:Experiment {id: row.experiment})
  MERGE (e:Evidence {id: row.id})
  SET e += row.props, e:Entity
  MERGE (x)-[:YIELDED]->(e)
  RETURN count(*) AS evidence
}
RETURN experiments, next_iterations, co_designed, interventions, evidence

// Bulk write: who co-designed which experiment ($co_designers [[actor, experiment]]) and the factors
// experiments intervene on ($interventions [[experiment, factor]]). Returns how many rows matched.
CALL () {
  UNWIND $co_designers AS pair
  MATCH (a:Actor {id: pair[0]}), (x:Experiment {id: pair[1]})
  MERGE (a)-[:CO_DESIGNED]->(x)
  RETURN count(*) AS co_designers
}
CALL () {
  UNWIND $interventions AS pair
  MATCH (x:Experiment {id: pair[0]}), (f:Factor {id: pair[1]})
  MERGE (x)-[:INTERVENES_ON]->(f)
  RETURN count(*) AS interventions
}
RETURN co_designers, interventions

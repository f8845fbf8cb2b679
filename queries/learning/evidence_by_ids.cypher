// Evidence by id: properties, the experiment that yielded it and the cycle that runs that experiment
// (the producing cycle, which decides who may read restricted text), and the patterns derived from it.
UNWIND $ids AS wanted
MATCH (e:Evidence {id: wanted})
OPTIONAL MATCH (x:Experiment)-[:YIELDED]->(e)
OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
RETURN e {
  .*,
  experiment_id: x.id,
  cycle_id: c.id,
  patterns: COLLECT {
    MATCH (p:Pattern)-[d:DERIVED_FROM]->(e)
    RETURN {pattern_id: p.id, stance: d.stance} AS derivation ORDER BY p.id
  }
} AS item

// What outside the map points into an outcome system: experiments that intervene on its factors
// (except factors listed in $keep) and learning cycles that explore it.
MATCH (s:OutcomeSystem {id: $system_id})
RETURN
  [(e:Experiment)-[:INTERVENES_ON]->(f:Factor)-[:PART_OF]->(s) WHERE NOT f.id IN $keep
    | {experiment: e.id, factor: f.id}] AS interventions,
  [(c:LearningCycle)-[:EXPLORES]->(s) | c.id] AS explored_by

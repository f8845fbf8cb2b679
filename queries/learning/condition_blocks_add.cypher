// Barrier $id blocks the experiment or cycle $target ($target_kind says which; idempotent).
MATCH (k:Condition {id: $id})
CALL {
  MATCH (t:Experiment {id: $target}) WHERE $target_kind = 'experiment' RETURN t
  UNION
  MATCH (t:LearningCycle {id: $target}) WHERE $target_kind = 'cycle' RETURN t
}
MERGE (k)-[:BLOCKS]->(t)
RETURN k.id AS id

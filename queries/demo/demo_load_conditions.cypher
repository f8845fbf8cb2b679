// Demo loader, part 4 (enabling): conditions (enablers and barriers) RAISED by cycles, barriers that
// BLOCK and enablers that SUPPORT cycles or experiments, and cycles that ACT_ON them {action}.
// MERGE on id and SET the demo's properties (idempotent). Returns how many rows each part matched;
// the loader refuses (rolls back) unless every row matched.
CALL () {
  UNWIND $conditions AS row
  MERGE (k:Condition {id: row.id})
  SET k += row.props, k:Entity
  RETURN count(*) AS conditions
}
CALL () {
  UNWIND $raised AS row
  MATCH (c:LearningCycle {id: row.cycle}), (k:Condition {id: row.condition})
  MERGE (c)-[:RAISED]->(k)
  RETURN count(*) AS raised
}
CALL () {
  UNWIND $blocks_cycles AS row
  MATCH (k:Condition {id: row.condition}), (c:LearningCycle {id: row.target})
  MERGE (k)-[:BLOCKS]->(c)
  RETURN count(*) AS blocks_cycles
}
CALL () {
  UNWIND $blocks_experiments AS row
  MATCH (k:Condition {id: row.condition}), (x:Experiment {id: row.target})
  MERGE (k)-[:BLOCKS]->(x)
  RETURN count(*) AS blocks_experiments
}
CALL () {
  UNWIND $supports_cycles AS row
  MATCH (k:Condition {id: row.condition}), (c:LearningCycle {id: row.target})
  MERGE (k)-[:SUPPORTS]->(c)
  RETURN count(*) AS supports_cycles
}
CALL () {
  UNWIND $supports_experiments AS row
  MATCH (k:Condition {id: row.condition}), (x:Experiment {id: row.target})
  MERGE (k)-[:SUPPORTS]->(x)
  RETURN count(*) AS supports_experiments
}
CALL () {
  UNWIND $acts_on AS row
  MATCH (c:LearningCycle {id: row.cycle}), (k:Condition {id: row.condition})
  MERGE (c)-[a:ACTS_ON]->(k)
  SET a.action = row.action
  RETURN count(*) AS acts_on
}
RETURN conditions, raised, blocks_cycles, blocks_experiments, supports_cycles, supports_experiments,
       acts_on

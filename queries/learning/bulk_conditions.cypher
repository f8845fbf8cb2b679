// Bulk write: conditions $conditions [{id, raised_by: [cycle ids], props, blocks_experiments,
// blocks_cycles, supports_experiments, supports_cycles}] (target ids by kind), then the ACTS_ON
// links $acts_on [{cycle, condition, action}]. Returns how many rows of each matched.
CALL () {
  UNWIND $conditions AS row
  MERGE (k:Condition {id: row.id})
  SET k:Entity
  SET k += row.props
  WITH k, row
  CALL (k, row) {
    UNWIND row.raised_by AS cycle_id
    MATCH (c:LearningCycle {id: cycle_id})
    MERGE (c)-[:RAISED]->(k)
    RETURN count(*) AS raised
  }
  CALL (k, row) {
    UNWIND row.blocks_experiments AS target
    MATCH (t:Experiment {id: target})
    MERGE (k)-[:BLOCKS]->(t)
    RETURN count(*) AS blocks_experiments
  }
  CALL (k, row) {
    UNWIND row.blocks_cycles AS target
    MATCH (t:LearningCycle {id: target})
    MERGE (k)-[:BLOCKS]->(t)
    RETURN count(*) AS blocks_cycles
  }
  CALL (k, row) {
    UNWIND row.supports_experiments AS target
    MATCH (t:Experiment {id: target})
    MERGE (k)-[:SUPPORTS]->(t)
    RETURN count(*) AS supports_experiments
  }
  CALL (k, row) {
    UNWIND row.supports_cycles AS target
    MATCH (t:LearningCycle {id: target})
    MERGE (k)-[:SUPPORTS]->(t)
    RETURN count(*) AS supports_cycles
  }
  RETURN count(*) AS conditions
}
CALL () {
  UNWIND $acts_on AS row
  MATCH (c:LearningCycle {id: row.cycle}), (k:Condition {id: row.condition})
  MERGE (c)-[r:ACTS_ON]->(k)
  SET r.action = row.action
  RETURN count(*) AS acts_on
}
RETURN conditions, acts_on

// Conditions by id: properties, the cycle that raised each, what it blocks or supports (experiments
// and cycles) and which cycles act on it with which action.
UNWIND $ids AS wanted
MATCH (k:Condition {id: wanted})
OPTIONAL MATCH (c:LearningCycle)-[:RAISED]->(k)
RETURN k {
  .*,
  raised_by: c.id,
  blocks: COLLECT {
    MATCH (k)-[:BLOCKS]->(t) WHERE t:Experiment OR t:LearningCycle
    RETURN {id: t.id, kind: CASE WHEN t:Experiment THEN 'experiment' ELSE 'cycle' END} AS target
    ORDER BY t.id
  },
  supports: COLLECT {
    MATCH (k)-[:SUPPORTS]->(t) WHERE t:Experiment OR t:LearningCycle
    RETURN {id: t.id, kind: CASE WHEN t:Experiment THEN 'experiment' ELSE 'cycle' END} AS target
    ORDER BY t.id
  },
  acted_on_by: COLLECT {
    MATCH (a:LearningCycle)-[r:ACTS_ON]->(k)
    RETURN {cycle_id: a.id, action: r.action} AS actor ORDER BY a.id
  }
} AS item

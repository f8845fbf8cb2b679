// Cycle $cycle acts on condition $condition with action $action (one link per pair; a new action
// replaces the old one).
MATCH (c:LearningCycle {id: $cycle}), (k:Condition {id: $condition})
MERGE (c)-[r:ACTS_ON]->(k)
SET r.action = $action
RETURN c.id AS id

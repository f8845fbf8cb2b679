// Cycle $cycle decided a new decision with properties $props (which include its id).
MATCH (c:LearningCycle {id: $cycle})
CREATE (c)-[:DECIDED]->(d:Decision:Entity)
SET d = $props
RETURN d.id AS id

// Cycle $cycle raised a new condition with properties $props (which include its id).
MATCH (c:LearningCycle {id: $cycle})
CREATE (c)-[:RAISED]->(k:Condition:Entity)
SET k = $props
RETURN k.id AS id

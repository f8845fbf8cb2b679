// Cycle $cycle held a new sensemaking session with properties $props (which include its id).
MATCH (c:LearningCycle {id: $cycle})
CREATE (c)-[:HELD]->(s:SensemakingSession:Entity)
SET s = $props
RETURN s.id AS id

// Cycle $cycle runs a new experiment with properties $props (which include its id).
MATCH (c:LearningCycle {id: $cycle})
CREATE (c)-[:RUNS]->(x:Experiment:Entity)
SET x = $props
RETURN x.id AS id

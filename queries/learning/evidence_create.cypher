// Experiment $experiment yielded new evidence with properties $props (which include its id).
MATCH (x:Experiment {id: $experiment})
CREATE (x)-[:YIELDED]->(e:Evidence:Entity)
SET e = $props
RETURN e.id AS id

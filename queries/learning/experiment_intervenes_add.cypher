// Experiment $id intervenes on factor $factor (idempotent).
MATCH (x:Experiment {id: $id}), (f:Factor {id: $factor})
MERGE (x)-[:INTERVENES_ON]->(f)
RETURN x.id AS id

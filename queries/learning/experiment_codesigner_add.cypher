// Actor $actor co-designed experiment $id (idempotent).
MATCH (a:Actor {id: $actor}), (x:Experiment {id: $id})
MERGE (a)-[:CO_DESIGNED]->(x)
RETURN x.id AS id

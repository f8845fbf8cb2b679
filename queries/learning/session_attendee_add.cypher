// Actor $actor attended sensemaking session $id (idempotent).
MATCH (a:Actor {id: $actor}), (s:SensemakingSession {id: $id})
MERGE (a)-[:ATTENDED]->(s)
RETURN s.id AS id

// Cycles $id and $peer are peers: one PEER_OF link, stored one way, created only if neither
// direction exists yet.
MATCH (a:LearningCycle {id: $id}), (b:LearningCycle {id: $peer})
WHERE NOT EXISTS { (a)-[:PEER_OF]-(b) }
CREATE (a)-[:PEER_OF]->(b)
RETURN count(*) AS created

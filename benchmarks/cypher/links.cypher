// Benchmark data: FEEDS_INTO (rows: lower, upper) and PEER_OF (rows: a, b) between cycles.
UNWIND $feeds AS r
MATCH (lower:LearningCycle {id: r.lower}), (upper:LearningCycle {id: r.upper})
CREATE (lower)-[:FEEDS_INTO]->(upper)
WITH count(*) AS done
UNWIND $peers AS r
MATCH (a:LearningCycle {id: r.a}), (b:LearningCycle {id: r.b})
CREATE (a)-[:PEER_OF]->(b)

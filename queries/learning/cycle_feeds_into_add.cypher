// Cycle $lower feeds into cycle $upper (created once; idempotent).
MATCH (lo:LearningCycle {id: $lower}), (up:LearningCycle {id: $upper})
MERGE (lo)-[:FEEDS_INTO]->(up)
RETURN lo.id AS id

// Cycle $id explores outcome system $system (idempotent).
MATCH (c:LearningCycle {id: $id}), (o:OutcomeSystem {id: $system})
MERGE (c)-[:EXPLORES]->(o)
RETURN c.id AS id

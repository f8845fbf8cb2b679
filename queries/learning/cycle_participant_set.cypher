// Actor $actor participates in cycle $id with role $role (one link per actor and cycle; a new
// role replaces the old one).
MATCH (a:Actor {id: $actor}), (c:LearningCycle {id: $id})
MERGE (a)-[p:PARTICIPATES_IN]->(c)
SET p.role = $role
RETURN a.id AS id

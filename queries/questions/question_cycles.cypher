// The cycles named in $ids that exist, with their scale: the subject of a question (learn from
// below, enable below, stack) and the viewer whose entitlement it is asked with. Read-only.
UNWIND $ids AS wanted
MATCH (c:LearningCycle {id: wanted})
OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
RETURN c.id AS id, c.name AS name, c.status AS status, s.id AS scale, s.level AS level

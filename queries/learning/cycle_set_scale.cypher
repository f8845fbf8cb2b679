// Moves learning cycle $id to scale $scale (its one AT_SCALE link is replaced).
MATCH (c:LearningCycle {id: $id}), (s:Scale {id: $scale})
OPTIONAL MATCH (c)-[old:AT_SCALE]->(:Scale)
DELETE old
CREATE (c)-[:AT_SCALE]->(s)
RETURN c.id AS id

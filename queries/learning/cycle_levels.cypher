// The scale and scale level of each learning cycle in $ids.
UNWIND $ids AS wanted
MATCH (c:LearningCycle {id: wanted})-[:AT_SCALE]->(s:Scale)
RETURN c.id AS id, s.id AS scale, s.level AS level

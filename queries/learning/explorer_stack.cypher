// Every learning cycle by scale (highest level first) for the explorer's home page: status, how
// many experiments it runs, and the cycles it feeds into. Read-only; no parameters.
MATCH (c:LearningCycle)
OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
RETURN c.id AS id, c.name AS name, c.status AS status, s.id AS scale, s.name AS scale_name,
       s.level AS level,
       COUNT { (c)-[:RUNS]->(:Experiment) } AS experiments,
       COLLECT { MATCH (c)-[:FEEDS_INTO]->(u:LearningCycle) RETURN u.id ORDER BY u.id } AS feeds_into
ORDER BY level DESC, toLower(coalesce(c.name, c.id)), c.id

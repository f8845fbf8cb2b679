// The experiments that intervene on one factor ($factor_id), with the cycle that runs each and that
// cycle's scale: the explorer's factor panel. Read-only.
MATCH (x:Experiment)-[:INTERVENES_ON]->(:Factor {id: $factor_id})
OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
RETURN x.id AS id, x.question AS question, x.status AS status, x.started_at AS started_at,
       c.id AS cycle_id, c.name AS cycle_name, s.id AS scale
ORDER BY s.level DESC, c.id, x.id

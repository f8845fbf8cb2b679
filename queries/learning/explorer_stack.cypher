// The learning stack for the explorer's home page, one row per scale (highest level first; cycles
// at no scale, which only a hand-written database has, last): how many cycles run at it and the
// first $per_scale of them by name, each with its experiment count and the cycles it feeds into.
// Scales without cycles are left out. Params: $per_scale. Read-only.
CALL () {
  MATCH (s:Scale)<-[:AT_SCALE]-(c:LearningCycle)
  RETURN s.id AS scale, s.name AS scale_name, s.level AS level, c
  UNION ALL
  MATCH (c:LearningCycle) WHERE NOT EXISTS { (c)-[:AT_SCALE]->(:Scale) }
  RETURN null AS scale, null AS scale_name, null AS level, c
}
WITH scale, scale_name, level, c ORDER BY toLower(coalesce(c.name, c.id)), c.id
WITH scale, scale_name, level, count(c) AS total, collect(c)[..$per_scale] AS shown
UNWIND shown AS c
WITH scale, scale_name, level, total, c,
     COUNT { (c)-[:RUNS]->(:Experiment) } AS experiments,
     COLLECT { MATCH (c)-[:FEEDS_INTO]->(u:LearningCycle) RETURN {id: u.id, name: u.name} ORDER BY u.id }
       AS feeds_into
WITH scale, scale_name, level, total,
     collect({id: c.id, name: c.name, status: c.status, experiments: experiments, feeds_into: feeds_into})
       AS cycles
RETURN scale, scale_name, level, total, cycles
ORDER BY level IS NULL, level DESC

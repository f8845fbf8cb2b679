// The most recent experiments (by start), evidence (by recording) and patterns (by the latest
// sensemaking session they surfaced in), $limit of each, for the explorer's home page. Evidence text
// is returned only when its sensitivity is public: restricted text stays with its cycle. The
// newest are picked first and only they are joined to their experiment and cycle. Read-only.
CALL () {
  MATCH (x:Experiment)
  WITH x ORDER BY x.started_at DESC, x.id LIMIT $limit
  OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
  WITH x, c ORDER BY x.started_at DESC, x.id
  RETURN collect({id: x.id, question: x.question, status: x.status, at: x.started_at,
                  cycle_id: c.id, cycle_name: c.name}) AS experiments
}
CALL () {
  MATCH (e:Evidence)
  WITH e ORDER BY e.recorded_at DESC, e.id LIMIT $limit
  OPTIONAL MATCH (x:Experiment)-[:YIELDED]->(e)
  OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
  WITH e, x, c ORDER BY e.recorded_at DESC, e.id
  RETURN collect({id: e.id, kind: e.kind, sensitivity: e.sensitivity, at: e.recorded_at,
                  text: CASE WHEN coalesce(e.sensitivity, 'public') = 'public' THEN e.text END,
                  experiment_id: x.id, cycle_id: c.id, cycle_name: c.name}) AS evidence
}
CALL () {
  MATCH (p:Pattern)
  OPTIONAL MATCH (p)-[:SURFACED_IN]->(s:SensemakingSession)<-[:HELD]-(c:LearningCycle)
  WITH p, max(s.held_at) AS at, head(collect(c.id)) AS cycle_id
  WITH p, at, cycle_id ORDER BY at DESC, p.id LIMIT $limit
  RETURN collect({id: p.id, statement: p.statement, status: p.status, at: at, cycle_id: cycle_id})
    AS patterns
}
RETURN experiments, evidence, patterns

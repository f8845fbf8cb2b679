// Everything the explorer's search box finds, one row per item: its kind, id, name, a line of context
// and where it opens (a system for factors and clusters, a cycle for the rest). The ranking is done
// by the caller (app.explorer.search). Read-only; no parameters.
CALL () {
  MATCH (f:Factor)-[:PART_OF]->(s:OutcomeSystem)
  OPTIONAL MATCH (f)-[:IN_CLUSTER]->(k:Cluster)
  RETURN 'factor' AS kind, f.id AS id, f.name AS name, coalesce(k.name, '') + ' · ' + coalesce(s.name, s.id)
         AS context, s.id AS system_id, null AS cycle_id
  UNION ALL
  MATCH (k:Cluster)-[:PART_OF]->(s:OutcomeSystem)
  RETURN 'cluster' AS kind, k.id AS id, k.name AS name, coalesce(s.name, s.id) AS context,
         s.id AS system_id, null AS cycle_id
  UNION ALL
  MATCH (c:LearningCycle)
  OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
  RETURN 'cycle' AS kind, c.id AS id, c.name AS name, coalesce(s.name, '') + ' · ' + coalesce(c.status, '')
         AS context, null AS system_id, c.id AS cycle_id
  UNION ALL
  MATCH (p:Pattern)
  OPTIONAL MATCH (p)-[:SURFACED_IN]->(:SensemakingSession)<-[:HELD]-(c:LearningCycle)
  WITH p, head(collect(c.id)) AS cycle_id
  RETURN 'pattern' AS kind, p.id AS id, p.statement AS name, coalesce(p.status, '') AS context,
         null AS system_id, cycle_id
  UNION ALL
  MATCH (x:Experiment)
  OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
  RETURN 'experiment' AS kind, x.id AS id, coalesce(x.question, x.id) AS name,
         coalesce(c.name, '') AS context, null AS system_id, c.id AS cycle_id
  UNION ALL
  MATCH (a:Actor)
  OPTIONAL MATCH (a)-[:PARTICIPATES_IN]->(c:LearningCycle)
  WITH a, collect(c) AS cycles
  RETURN 'actor' AS kind, a.id AS id, coalesce(a.name, a.id) AS name,
         coalesce(a.kind, '') + ' · ' + reduce(t = '', c IN cycles[..3] | t + coalesce(c.name, c.id) + '; ')
         AS context, null AS system_id, head([c IN cycles | c.id]) AS cycle_id
}
RETURN kind, id, name, context, system_id, cycle_id

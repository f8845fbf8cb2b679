// Enable below: the conditions (barriers and enablers) raised by, or blocking/supporting, the cycles
// below $cycle_id (FEEDS_INTO followed backwards, at most $depth hops; $depth null = all scales
// below) or their experiments. One row per condition, every status (the caller splits open/acting
// from resolved), ranked: unresolved first, then kind, then distinct affected cycles below (desc),
// then age (oldest raised_at first), then id. A condition AFFECTS a cycle below when it BLOCKS or
// SUPPORTS that cycle or one of its experiments, or when that cycle raised it.
// acted_on_by.relation says where the acting cycle stands from $cycle_id: 'self', 'peer' (PEER_OF
// either way), 'above' ($cycle_id feeds into it), 'below' (it feeds into $cycle_id), or 'other'.
// Params: $cycle_id, $depth (int or null). Read-only.
MATCH (u:LearningCycle {id: $cycle_id})
CALL (u) {
  MATCH path = (l:LearningCycle)-[:FEEDS_INTO*1..]->(u)
  RETURN l, min(length(path)) AS distance
}
// Where an acting cycle stands is decided against these small id lists (the stack around u), so
// no path search ever starts from an acting cycle (a region cycle's below is the whole network).
WITH u, collect({cycle: l, distance: distance}) AS below
WITH u, [b IN below | b.cycle.id] AS below_ids,
     COLLECT { MATCH (u)-[:FEEDS_INTO*1..]->(a:LearningCycle) RETURN DISTINCT a.id } AS above_ids,
     COLLECT { MATCH (u)-[:PEER_OF]-(p:LearningCycle) RETURN DISTINCT p.id } AS peer_ids,
     [b IN below WHERE $depth IS NULL OR b.distance <= $depth | b.cycle] AS scope
UNWIND scope AS l
CALL (l) {
  MATCH (l)-[:RAISED]->(c:Condition)
  RETURN c, l.id AS cycle, null AS experiment
  UNION
  MATCH (c:Condition)-[:BLOCKS|SUPPORTS]->(l)
  RETURN c, l.id AS cycle, null AS experiment
  UNION
  MATCH (c:Condition)-[:BLOCKS|SUPPORTS]->(e:Experiment)<-[:RUNS]-(l)
  RETURN c, l.id AS cycle, e.id AS experiment
}
WITH u, below_ids, above_ids, peer_ids, c, cycle, experiment
ORDER BY cycle, experiment
WITH u, below_ids, above_ids, peer_ids, c,
     collect(DISTINCT cycle) AS affected_cycles, collect(DISTINCT experiment) AS affected_experiments
RETURN c.id AS id, c.kind AS kind, c.description AS description, c.status AS status,
       c.raised_at AS raised_at, c.resolved_at AS resolved_at, c.resolved_by AS resolved_by,
       size(affected_cycles) AS affected_cycle_count, affected_cycles,
       size(affected_experiments) AS affected_experiment_count, affected_experiments,
       COLLECT {
         MATCH (r:LearningCycle)-[:RAISED]->(c)
         MATCH (r)-[:AT_SCALE]->(s:Scale)
         RETURN {cycle: r.id, scale: s.id, level: s.level} AS raiser ORDER BY s.level, r.id
       } AS raised_by,
       COLLECT {
         MATCH (a:LearningCycle)-[act:ACTS_ON]->(c)
         RETURN {cycle: a.id, action: act.action,
                 relation: CASE
                   WHEN a = u THEN 'self'
                   WHEN a.id IN peer_ids THEN 'peer'
                   WHEN a.id IN above_ids THEN 'above'
                   WHEN a.id IN below_ids THEN 'below'
                   ELSE 'other' END} AS actor
         ORDER BY a.id, act.action
       } AS acted_on_by
ORDER BY status = 'resolved', kind, affected_cycle_count DESC, raised_at, id

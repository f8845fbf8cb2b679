// Learn from below, coverage: how much the answer rests on. For the cycles below $cycle_id (same
// scope, depth and peer groups as learn_from_below): the distinct cycles by scale, their
// experiments by status, and the evidence those yielded counted by (kind, sensitivity).
// One row per group (via 'below', and one per peer with $include_peers); no row when the group
// has no cycle. Params: $cycle_id, $depth (int or null), $include_peers (bool). Read-only.
MATCH (u:LearningCycle {id: $cycle_id})
CALL (u) {
  RETURN u AS root, 'below' AS via, null AS peer
  UNION
  MATCH (u)-[:PEER_OF]-(p:LearningCycle)
  WHERE $include_peers
  RETURN DISTINCT p AS root, 'peer' AS via, p.id AS peer
}
CALL (root, via) {
  WITH root WHERE via = 'peer'
  RETURN root AS l, 0 AS distance
  UNION
  MATCH path = (l:LearningCycle)-[:FEEDS_INTO*1..]->(root)
  RETURN l, min(length(path)) AS distance
}
WITH via, peer, l, distance
WHERE $depth IS NULL OR distance <= $depth
MATCH (l)-[:AT_SCALE]->(s:Scale)
WITH via, peer, s, l ORDER BY l.id
WITH via, peer, s, collect(l) AS scale_cycles
ORDER BY s.level
WITH via, peer,
     collect({scale: s.id, level: s.level, count: size(scale_cycles),
              cycles: [c IN scale_cycles | c.id]}) AS cycles_by_scale,
     reduce(acc = [], cs IN collect(scale_cycles) | acc + cs) AS cycles
// The experiments are expanded once and counted twice (by status; their evidence by kind).
CALL (cycles) {
  UNWIND cycles AS c
  MATCH (c)-[:RUNS]->(e:Experiment)
  RETURN collect(e) AS runs
}
CALL (runs) {
  UNWIND runs AS e
  WITH e.status AS status, count(e) AS n ORDER BY status
  RETURN collect({status: status, count: n}) AS experiments_by_status, sum(n) AS experiments
}
CALL (runs) {
  UNWIND runs AS e
  MATCH (e)-[:YIELDED]->(ev:Evidence)
  WITH ev.kind AS kind, ev.sensitivity AS sensitivity, count(ev) AS n
  WITH kind, sensitivity, n ORDER BY kind, sensitivity
  RETURN collect({kind: kind, sensitivity: sensitivity, count: n}) AS evidence_counts, sum(n) AS evidence
}
RETURN via, peer, size(cycles) AS cycle_count, cycles_by_scale, experiments, experiments_by_status,
       evidence, evidence_counts
ORDER BY via, peer

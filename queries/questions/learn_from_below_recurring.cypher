// Learn from below, "patterns nobody has named yet": factors intervened on, and experiment
// outcomes, that recur across two or more distinct cycles below $cycle_id (same scope, depth and
// peer groups as learn_from_below) while no pattern names them. A factor (an outcome) is NAMED
// when some pattern is derived, with either stance, from evidence yielded by an experiment in the
// same scope that intervenes on that factor (has that outcome). Experiments of every status count.
// One row per recurring factor/outcome, ranked by distinct cycles, then kind, then id.
// Params: $cycle_id, $depth (int or null), $include_peers (bool). Read-only.
// Speed (issue 17): one RUNS expansion per cycle, grouped by the factor NODE (or the outcome) with
// no sort over every experiment; ids and names are read, and lists sorted, only for the few groups
// that recur unnamed (1.5x faster at region scale than grouping by f.id over sorted rows).
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
MATCH (l)-[:RUNS]->(e:Experiment)
CALL (e) {
  MATCH (e)-[:INTERVENES_ON]->(f:Factor)
  RETURN 'factor' AS kind, f AS factor, null AS outcome
  UNION ALL
  WITH e WHERE e.outcome IS NOT NULL
  RETURN 'outcome' AS kind, null AS factor, e.outcome AS outcome
}
WITH via, peer, kind, factor, outcome, collect(DISTINCT l) AS cycles, collect(DISTINCT e) AS experiments
WHERE size(cycles) >= 2
  AND none(x IN experiments WHERE EXISTS { (x)-[:YIELDED]->(:Evidence)<-[:DERIVED_FROM]-(:Pattern) })
RETURN via, peer, kind, coalesce(factor.id, outcome) AS id, coalesce(factor.name, outcome) AS name,
       size(cycles) AS cycle_count,
       COLLECT { UNWIND cycles AS c WITH c.id AS cid ORDER BY cid RETURN cid } AS cycles,
       COLLECT { UNWIND experiments AS x MATCH (c:LearningCycle)-[:RUNS]->(x)
                 WITH c.id AS cid, x.id AS xid ORDER BY cid, xid RETURN xid } AS experiments
ORDER BY via, peer, cycle_count DESC, kind, id

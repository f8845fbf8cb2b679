// Learn from below, "patterns nobody has named yet": factors intervened on, and experiment
// outcomes, that recur across two or more distinct cycles below $cycle_id (same scope, depth and
// peer groups as learn_from_below) while no pattern names them. A factor (an outcome) is NAMED
// when some pattern is derived, with either stance, from evidence yielded by an experiment in the
// same scope that intervenes on that factor (has that outcome). Experiments of every status count.
// One row per recurring factor/outcome, ranked by distinct cycles, then kind, then id.
// Params: $cycle_id, $depth (int or null), $include_peers (bool). Read-only.
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
CALL (l) {
  MATCH (l)-[:RUNS]->(e:Experiment)-[:INTERVENES_ON]->(f:Factor)
  RETURN 'factor' AS kind, f.id AS key, f.name AS name, e
  UNION
  MATCH (l)-[:RUNS]->(e:Experiment)
  WHERE e.outcome IS NOT NULL
  RETURN 'outcome' AS kind, e.outcome AS key, e.outcome AS name, e
}
WITH via, peer, kind, key, name, l, e
ORDER BY l.id, e.id
WITH via, peer, kind, key, name, collect(DISTINCT l.id) AS cycles, collect(DISTINCT e) AS experiments
WHERE size(cycles) >= 2
  AND none(x IN experiments WHERE EXISTS { (x)-[:YIELDED]->(:Evidence)<-[:DERIVED_FROM]-(:Pattern) })
RETURN via, peer, kind, key AS id, name, size(cycles) AS cycle_count, cycles,
       [x IN experiments | x.id] AS experiments
ORDER BY via, peer, cycle_count DESC, kind, id

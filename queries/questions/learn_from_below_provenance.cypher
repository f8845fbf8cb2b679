// Learn from below, the provenance of ONE pattern, a page at a time: the chains
// cycle → experiment → evidence → pattern behind $pattern_id's numbers in the answer for $cycle_id
// (same scope and depth as learn_from_below: the cycles below $cycle_id, or with $peer the peer
// group of that same-scale peer), in the answer's order (scale level, cycle, experiment, evidence).
// One row: total (every chain) and chains[$offset .. $offset + $limit], each a list
// [cycle, experiment, evidence, stance, scale, evidence kind, sensitivity, text, value, unit].
// Params: $cycle_id, $depth (int or null), $peer (id or null), $pattern_id, $offset, $limit.
// Read-only. Evidence text/value/unit are returned raw: an API serving others redacts them.
MATCH (u:LearningCycle {id: $cycle_id})
CALL (u) {
  WITH u WHERE $peer IS NULL
  RETURN u AS root, 'below' AS via
  UNION
  MATCH (u)-[:PEER_OF]-(p:LearningCycle {id: $peer})
  RETURN DISTINCT p AS root, 'peer' AS via
}
CALL (root, via) {
  WITH root WHERE via = 'peer'
  RETURN root AS l, 0 AS distance
  UNION
  MATCH path = (l:LearningCycle)-[:FEEDS_INTO*1..]->(root)
  RETURN l, min(length(path)) AS distance
}
WITH l, distance
WHERE $depth IS NULL OR distance <= $depth
MATCH (l)-[:AT_SCALE]->(s:Scale)
MATCH (l)-[:RUNS]->(e:Experiment)-[:YIELDED]->(ev:Evidence)<-[d:DERIVED_FROM]-(:Pattern {id: $pattern_id})
WITH l, s, e, ev, d
ORDER BY s.level, l.id, e.id, ev.id
WITH collect([l.id, e.id, ev.id, d.stance, s.id, ev.kind, ev.sensitivity, ev.text, ev.value,
              ev.unit]) AS chains
RETURN size(chains) AS total, chains[$offset..$offset + $limit] AS chains

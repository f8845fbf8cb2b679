// Learn from below: the patterns derived from evidence of experiments run by the cycles below
// $cycle_id (FEEDS_INTO followed backwards, at most $depth hops; $depth null = all scales below),
// one row per pattern, ranked by distinct supporting lower cycles, then supporting evidence, then id.
// With $include_peers, also one group per same-scale peer (the peer itself and the cycles below it),
// marked via = 'peer'. Params: $cycle_id, $depth (int or null), $min_cycles (int),
// $include_peers (bool), $provenance_limit (int, or null for every chain). A cycle reached by two
// routes (a diamond) is counted once. Lean rows (issue 17): scales, factors and provenance chains
// are LISTS, not maps (the driver decodes a list several times faster than a map), and only the
// first $provenance_limit chains per pattern are returned, with provenance_count saying how many
// there are (learn_from_below_provenance.cypher pages through the rest). A chain is
// [cycle, experiment, evidence, stance, scale, evidence kind, sensitivity, text, value, unit].
// Read-only. Evidence text/value/unit are returned raw: an API serving others redacts them.
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
MATCH (l)-[:RUNS]->(e:Experiment)-[:YIELDED]->(ev:Evidence)<-[d:DERIVED_FROM]-(pt:Pattern)
WITH via, peer, pt, l, s, e, ev, d
ORDER BY s.level, l.id, e.id, ev.id
WITH via, peer, pt,
     collect(DISTINCT CASE WHEN d.stance = 'supports' THEN l.id END) AS lower_cycles,
     collect(DISTINCT CASE WHEN d.stance = 'contradicts' THEN l.id END) AS contradicting_cycles,
     count(DISTINCT CASE WHEN d.stance = 'supports' THEN ev END) AS supporting,
     count(DISTINCT CASE WHEN d.stance = 'contradicts' THEN ev END) AS contradicting,
     collect(DISTINCT [s.id, s.level]) AS scales,
     collect(DISTINCT e) AS experiments,
     collect([l.id, e.id, ev.id, d.stance, s.id, ev.kind, ev.sensitivity, ev.text, ev.value,
              ev.unit]) AS provenance
WHERE size(lower_cycles) >= $min_cycles
RETURN via, peer, pt.id AS id, pt.statement AS statement, pt.status AS status,
       size(lower_cycles) AS lower_cycle_count, lower_cycles, contradicting_cycles,
       supporting, contradicting, scales,
       COLLECT {
         UNWIND experiments AS x
         MATCH (x)-[:INTERVENES_ON]->(f:Factor)
         WITH DISTINCT f ORDER BY f.id
         RETURN [f.id, f.name]
       } AS factors,
       size(provenance) AS provenance_count,
       CASE WHEN $provenance_limit IS NULL THEN provenance
            ELSE provenance[0..$provenance_limit] END AS provenance
ORDER BY via, peer, lower_cycle_count DESC, supporting DESC, id

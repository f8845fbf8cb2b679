// The factors the experiments of learning cycle $cycle_id and of every cycle below it (FEEDS_INTO
// followed backwards, at most $depth hops; $depth null = any depth) intervene on. One row: the
// cycle; the cycles taken into account, each once (a cycle reached by two routes keeps its shortest
// distance), with scale and distance; and one entry per (cycle, experiment, factor) with the
// factor's system. No row when the cycle does not exist. Params: $cycle_id, $depth. Read-only.
MATCH (u:LearningCycle {id: $cycle_id})
CALL (u) {
  RETURN u AS c, 0 AS distance
  UNION
  MATCH path = (c:LearningCycle)-[:FEEDS_INTO*1..]->(u)
  RETURN c, min(length(path)) AS distance
}
WITH u, c, distance
WHERE $depth IS NULL OR distance <= $depth
OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
WITH u, c, distance, s
ORDER BY distance, s.level DESC, c.id
WITH u, collect({id: c.id, name: c.name, scale: s.id, level: s.level, distance: distance}) AS cycles,
     collect(c) AS members
RETURN u.id AS id, u.name AS name, cycles,
       COLLECT {
         UNWIND members AS c
         MATCH (c)-[:RUNS]->(e:Experiment)-[:INTERVENES_ON]->(f:Factor)
         OPTIONAL MATCH (f)-[:PART_OF]->(o:OutcomeSystem)
         WITH c, e, f, o ORDER BY o.id, f.id, c.id, e.id
         RETURN {cycle: c.id, experiment: e.id, factor: f.id, name: f.name, system: o.id,
                 system_name: o.name}
       } AS interventions

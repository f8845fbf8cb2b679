// The learning stack of $cycle_id (guide §2.3): the cycle itself, every cycle above it (it feeds
// into them, directly or not) and below it (they feed into it), and its same-scale peers (PEER_OF
// either way). One row per cycle with its scale, its relation to $cycle_id ('self', 'above',
// 'below', 'peer'), the hop distance (shortest FEEDS_INTO path; 1 for a peer; 0 for itself), and
// the edges among the stack's cycles: the ids it FEEDS_INTO, and the ids it is PEER_OF (as stored).
// Params: $cycle_id. Read-only.
MATCH (u:LearningCycle {id: $cycle_id})
CALL (u) {
  RETURN u AS c, 'self' AS relation, 0 AS distance
  UNION
  MATCH path = (c:LearningCycle)-[:FEEDS_INTO*1..]->(u)
  RETURN c, 'below' AS relation, min(length(path)) AS distance
  UNION
  MATCH path = (u)-[:FEEDS_INTO*1..]->(c:LearningCycle)
  RETURN c, 'above' AS relation, min(length(path)) AS distance
  UNION
  MATCH (u)-[:PEER_OF]-(c:LearningCycle)
  RETURN DISTINCT c, 'peer' AS relation, 1 AS distance
}
WITH collect({cycle: c, relation: relation, distance: distance}) AS members
WITH members, [m IN members | m.cycle] AS stack
UNWIND members AS m
WITH m.cycle AS c, m.relation AS relation, m.distance AS distance, stack
MATCH (c)-[:AT_SCALE]->(s:Scale)
RETURN c.id AS id, c.name AS name, c.status AS status, s.id AS scale, s.level AS level,
       relation, distance,
       COLLECT { MATCH (c)-[:FEEDS_INTO]->(x:LearningCycle) WHERE x IN stack RETURN x.id ORDER BY x.id }
         AS feeds_into,
       COLLECT { MATCH (c)-[:PEER_OF]->(x:LearningCycle) WHERE x IN stack RETURN x.id ORDER BY x.id }
         AS peer_of
ORDER BY level DESC, distance, id

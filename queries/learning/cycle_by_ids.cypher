// Learning cycles by id: properties, scale, the five elements, vertical (FEEDS_INTO) and horizontal
// (PEER_OF, read both ways) links, participants with their roles, and the outcome systems explored.
UNWIND $ids AS wanted
MATCH (c:LearningCycle {id: wanted})
OPTIONAL MATCH (c)-[:AT_SCALE]->(s:Scale)
RETURN c {
  .*,
  scale: s.id,
  scale_level: s.level,
  elements: COLLECT { MATCH (c)-[:HAS_ELEMENT]->(e:CycleElement) RETURN e {.*} },
  feeds_into: COLLECT { MATCH (c)-[:FEEDS_INTO]->(u:LearningCycle) RETURN u.id ORDER BY u.id },
  fed_by: COLLECT { MATCH (c)<-[:FEEDS_INTO]-(l:LearningCycle) RETURN l.id ORDER BY l.id },
  peers: COLLECT { MATCH (c)-[:PEER_OF]-(p:LearningCycle) RETURN DISTINCT p.id AS id ORDER BY id },
  participants: COLLECT {
    MATCH (a:Actor)-[r:PARTICIPATES_IN]->(c)
    RETURN {actor_id: a.id, role: r.role} AS participant ORDER BY a.id
  },
  explores: COLLECT { MATCH (c)-[:EXPLORES]->(o:OutcomeSystem) RETURN o.id ORDER BY o.id }
} AS item

// Demo loader, part 3 (sensemaking): patterns DERIVED_FROM {stance} evidence, sensemaking sessions
// HELD by cycles with the patterns SURFACED_IN them and the actors who ATTENDED, decisions DECIDED
// by cycles and INFORMED_BY patterns. MERGE on id and SET the demo's properties (idempotent).
// Returns how many rows each part matched; the loader refuses (rolls back) unless every row matched.
CALL () {
  UNWIND $patterns AS row
  MERGE (p:Pattern {id: row.id})
  SET p += row.props, p:Entity
  RETURN count(*) AS patterns
}
CALL () {
  UNWIND $derived_from AS row
  MATCH (p:Pattern {id: row.pattern}), (e:Evidence {id: row.evidence})
  MERGE (p)-[d:DERIVED_FROM]->(e)
  SET d.stance = row.stance
  RETURN count(*) AS derived_from
}
CALL () {
  UNWIND $sessions AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (s:SensemakingSession {id: row.id})
  SET s += row.props, s:Entity
  MERGE (c)-[:HELD]->(s)
  RETURN count(*) AS sessions
}
CALL () {
  UNWIND $surfaced_in AS row
  MATCH (p:Pattern {id: row.pattern}), (s:SensemakingSession {id: row.session})
  MERGE (p)-[:SURFACED_IN]->(s)
  RETURN count(*) AS surfaced_in
}
CALL () {
  UNWIND $attended AS row
  MATCH (a:Actor {id: row.actor}), (s:SensemakingSession {id: row.session})
  MERGE (a)-[:ATTENDED]->(s)
  RETURN count(*) AS attended
}
CALL () {
  UNWIND $decisions AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (d:Decision {id: row.id})
  SET d += row.props, d:Entity
  MERGE (c)-[:DECIDED]->(d)
  RETURN count(*) AS decisions
}
CALL () {
  UNWIND $informed_by AS row
  MATCH (d:Decision {id: row.decision}), (p:Pattern {id: row.pattern})
  MERGE (d)-[:INFORMED_BY]->(p)
  RETURN count(*) AS informed_by
}
RETURN patterns, derived_from, sessions, surfaced_in, attended, decisions, informed_by

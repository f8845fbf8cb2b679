// Bulk write: sensemaking sessions $sessions [{id, cycle, props, attendees, patterns}] HELD by
// their cycle, and decisions $decisions [{id, cycle, props, informed_by}] DECIDED by theirs.
// Returns how many rows of each matched.
CALL () {
  UNWIND $sessions AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (s:SensemakingSession {id: row.id})
  SET s:Entity
  SET s += row.props
  MERGE (c)-[:HELD]->(s)
  WITH s, row
  CALL (s, row) {
    UNWIND row.attendees AS actor_id
    MATCH (a:Actor {id: actor_id})
    MERGE (a)-[:ATTENDED]->(s)
    RETURN count(*) AS attended
  }
  CALL (s, row) {
    UNWIND row.patterns AS pattern_id
    MATCH (p:Pattern {id: pattern_id})
    MERGE (p)-[:SURFACED_IN]->(s)
    RETURN count(*) AS surfaced
  }
  RETURN count(*) AS sessions
}
CALL () {
  UNWIND $decisions AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (d:Decision {id: row.id})
  SET d:Entity
  SET d += row.props
  MERGE (c)-[:DECIDED]->(d)
  WITH d, row
  CALL (d, row) {
    UNWIND row.informed_by AS pattern_id
    MATCH (p:Pattern {id: pattern_id})
    MERGE (d)-[:INFORMED_BY]->(p)
    RETURN count(*) AS informed
  }
  RETURN count(*) AS decisions
}
RETURN sessions, decisions

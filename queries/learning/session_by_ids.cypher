// Sensemaking sessions by id: when, the cycle that held each, who attended, which patterns surfaced.
UNWIND $ids AS wanted
MATCH (s:SensemakingSession {id: wanted})
OPTIONAL MATCH (c:LearningCycle)-[:HELD]->(s)
RETURN s {
  .*,
  cycle_id: c.id,
  attendees: COLLECT { MATCH (a:Actor)-[:ATTENDED]->(s) RETURN a.id ORDER BY a.id },
  patterns: COLLECT { MATCH (p:Pattern)-[:SURFACED_IN]->(s) RETURN p.id ORDER BY p.id }
} AS item

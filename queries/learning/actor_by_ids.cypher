// Actors by id: properties and the cycles each participates in, with the role.
UNWIND $ids AS wanted
MATCH (a:Actor {id: wanted})
RETURN a {
  .*,
  participates_in: COLLECT {
    MATCH (a)-[p:PARTICIPATES_IN]->(c:LearningCycle)
    RETURN {cycle_id: c.id, role: p.role} AS participation ORDER BY c.id
  }
} AS item

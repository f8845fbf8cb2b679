// Bulk write: the links between cycles and to actors and outcome systems — $feeds_into and $peers
// ([a, b] pairs; a peer link is created only if neither direction exists), $participants
// [{cycle, actor, role}], $explores [[cycle, system]]. Returns how many rows of each matched.
CALL () {
  UNWIND $feeds_into AS pair
  MATCH (lower:LearningCycle {id: pair[0]}), (upper:LearningCycle {id: pair[1]})
  MERGE (lower)-[:FEEDS_INTO]->(upper)
  RETURN count(*) AS feeds_into
}
CALL () {
  UNWIND $peers AS pair
  MATCH (a:LearningCycle {id: pair[0]}), (b:LearningCycle {id: pair[1]})
  CALL (a, b) {
    WITH a, b
    WHERE NOT EXISTS { (a)-[:PEER_OF]-(b) }
    CREATE (a)-[:PEER_OF]->(b)
  }
  RETURN count(*) AS peers
}
CALL () {
  UNWIND $participants AS row
  MATCH (a:Actor {id: row.actor}), (c:LearningCycle {id: row.cycle})
  MERGE (a)-[p:PARTICIPATES_IN]->(c)
  SET p.role = row.role
  RETURN count(*) AS participants
}
CALL () {
  UNWIND $explores AS pair
  MATCH (c:LearningCycle {id: pair[0]}), (o:OutcomeSystem {id: pair[1]})
  MERGE (c)-[:EXPLORES]->(o)
  RETURN count(*) AS explores
}
RETURN feeds_into, peers, participants, explores

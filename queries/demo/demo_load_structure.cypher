// Demo loader, part 1 (learning structure): cycles AT_SCALE, their five CycleElements, FEEDS_INTO
// (only upwards in scale level), PEER_OF (same scale; stored one way, created only if neither
// direction exists), EXPLORES, actors and PARTICIPATES_IN {role}. MERGE on id and SET the demo's
// properties, so loading twice changes nothing. Returns how many rows each part matched; the loader
// refuses (rolls back) unless every row matched.
CALL () {
  UNWIND $cycles AS row
  MATCH (s:Scale {id: row.scale})
  MERGE (c:LearningCycle {id: row.id})
  SET c += row.props, c:Entity
  WITH c, s
  CALL (c, s) {
    MATCH (c)-[old:AT_SCALE]->(other:Scale)
    WHERE other <> s
    DELETE old
  }
  MERGE (c)-[:AT_SCALE]->(s)
  RETURN count(*) AS cycles
}
CALL () {
  UNWIND $elements AS row
  MATCH (c:LearningCycle {id: row.cycle})
  MERGE (e:CycleElement {id: row.id})
  SET e += row.props, e:Entity
  MERGE (c)-[:HAS_ELEMENT]->(e)
  RETURN count(*) AS elements
}
CALL () {
  UNWIND $feeds_into AS row
  MATCH (lower:LearningCycle {id: row.lower})-[:AT_SCALE]->(ls:Scale),
        (upper:LearningCycle {id: row.upper})-[:AT_SCALE]->(us:Scale)
  WHERE ls.level < us.level
  MERGE (lower)-[:FEEDS_INTO]->(upper)
  RETURN count(*) AS feeds_into
}
CALL () {
  UNWIND $peers AS row
  MATCH (a:LearningCycle {id: row.cycle})-[:AT_SCALE]->(s:Scale)<-[:AT_SCALE]-(b:LearningCycle {id: row.peer})
  CALL (a, b) {
    WITH a, b
    WHERE NOT EXISTS { (a)-[:PEER_OF]-(b) }
    CREATE (a)-[:PEER_OF]->(b)
  }
  RETURN count(*) AS peers
}
CALL () {
  UNWIND $explores AS row
  MATCH (c:LearningCycle {id: row.cycle}), (s:OutcomeSystem {id: row.system})
  MERGE (c)-[:EXPLORES]->(s)
  RETURN count(*) AS explores
}
CALL () {
  UNWIND $actors AS row
  MERGE (a:Actor {id: row.id})
  SET a += row.props, a:Entity
  RETURN count(*) AS actors
}
CALL () {
  UNWIND $participations AS row
  MATCH (a:Actor {id: row.actor}), (c:LearningCycle {id: row.cycle})
  MERGE (a)-[p:PARTICIPATES_IN]->(c)
  SET p.role = row.role
  RETURN count(*) AS participations
}
RETURN cycles, elements, feeds_into, peers, explores, actors, participations

// Decisions by id: properties, the cycle that decided each and the patterns that informed it.
UNWIND $ids AS wanted
MATCH (d:Decision {id: wanted})
OPTIONAL MATCH (c:LearningCycle)-[:DECIDED]->(d)
RETURN d {
  .*,
  cycle_id: c.id,
  informed_by: COLLECT { MATCH (d)-[:INFORMED_BY]->(p:Pattern) RETURN p.id ORDER BY p.id }
} AS item

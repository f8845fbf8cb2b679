// Bulk write: patterns $patterns [{id, props, derived_from: [{evidence_id, stance}]}]. Returns how many
// rows matched.
UNWIND $patterns AS row
MERGE (p:Pattern {id: row.id})
SET p:Entity
SET p += row.props
WITH p, row
CALL (p, row) {
  UNWIND row.derived_from AS source
  MATCH (e:Evidence {id: source.evidence_id})
  MERGE (p)-[d:DERIVED_FROM]->(e)
  SET d.stance = source.stance
  RETURN count(*) AS derived
}
RETURN count(*) AS patterns

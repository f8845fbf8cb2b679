// Pattern $id is derived from evidence $evidence with stance $stance (one link per pair; a new
// stance replaces the old one).
MATCH (p:Pattern {id: $id}), (e:Evidence {id: $evidence})
MERGE (p)-[d:DERIVED_FROM]->(e)
SET d.stance = $stance
RETURN p.id AS id

// Bulk write: learning cycles $cycles [{id, scale, props, elements: [{kind, props}]}] AT_SCALE, each
// with its five elements (id "<cycle>:<kind>"). A cycle written again moves to the row's scale.
UNWIND $cycles AS row
MATCH (s:Scale {id: row.scale})
MERGE (c:LearningCycle {id: row.id})
SET c:Entity
SET c += row.props
WITH c, s, row
CALL (c, s) {
  MATCH (c)-[old:AT_SCALE]->(other:Scale)
  WHERE other <> s
  DELETE old
}
MERGE (c)-[:AT_SCALE]->(s)
WITH c, row
CALL (c, row) {
  UNWIND row.elements AS element
  MERGE (e:CycleElement {id: c.id + ':' + element.kind})
  SET e:Entity
  SET e += element
  MERGE (c)-[:HAS_ELEMENT]->(e)
  RETURN count(*) AS elements
}
RETURN count(*) AS cycles

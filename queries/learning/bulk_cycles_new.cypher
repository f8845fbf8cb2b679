// Bulk write of NEW learning cycles (their ids were checked free): $cycles [{id, scale, props (with
// the id), elements: [props of each element, with its id]}], each AT_SCALE with its five elements.
// CREATE, not MERGE: the fast form of learning/bulk_cycles. Returns how many rows matched.
UNWIND $cycles AS row
MATCH (s:Scale {id: row.scale})
CREATE (c:LearningCycle:Entity)-[:AT_SCALE]->(s)
SET c = row.props
WITH c, row
CALL (c, row) {
  UNWIND row.elements AS element
  CREATE (c)-[:HAS_ELEMENT]->(e:CycleElement:Entity)
  SET e = element
  RETURN count(*) AS elements
}
RETURN count(*) AS cycles

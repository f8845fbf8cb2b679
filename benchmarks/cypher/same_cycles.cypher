// Bulk benchmark's raw side: the cycles the bulk path writes, as it writes them (the Entity label,
// its properties and version stamps, AT_SCALE, five CycleElement:Entity nodes) but with no checks
// and no history (rows: id, scale, props, elements: [props]).
UNWIND $rows AS r
MATCH (s:Scale {id: r.scale})
CREATE (c:LearningCycle:Entity)-[:AT_SCALE]->(s)
SET c = r.props
WITH c, r
CALL (c, r) {
  UNWIND r.elements AS element
  CREATE (c)-[:HAS_ELEMENT]->(e:CycleElement:Entity)
  SET e = element
}

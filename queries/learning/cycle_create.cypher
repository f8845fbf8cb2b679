// Creates a learning cycle with properties $props (id, name, purpose, status, created_at) at scale
// $scale, with its five elements (id "<cycle>:<kind>", status not_started, stamped created_at).
MATCH (s:Scale {id: $scale})
CREATE (c:LearningCycle:Entity)-[:AT_SCALE]->(s)
SET c = $props
WITH c
UNWIND $element_kinds AS kind
CREATE (c)-[:HAS_ELEMENT]->(:CycleElement:Entity {
  id: c.id + ':' + kind, kind: kind, status: 'not_started', updated_at: c.created_at
})
RETURN count(*) AS elements

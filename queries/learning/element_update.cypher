// Sets the given properties of the element of kind $kind of learning cycle $cycle.
MATCH (:LearningCycle {id: $cycle})-[:HAS_ELEMENT]->(e:CycleElement {kind: $kind})
SET e += $props
RETURN e {.*} AS item

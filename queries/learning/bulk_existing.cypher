// Which of the given ids exist: $entity — the document's own ids and the ids it refers to without
// defining them, of the kinds that share the Entity id namespace — as [id, labels, kind] (kind: a
// condition's barrier/enabler), and $scale, $system, $factor by their own labels (one index look-up
// per id): the bulk write's one look-up of duplicates and references (graph/learning/bulk_known.py).
// Four look-ups, not one per kind: Neo4j took ~230 ms to plan the thirteen-subquery form, again each
// time it replans (after the data grows or shrinks a lot, as a big bulk write makes it).
CALL () { UNWIND $entity AS i MATCH (n:Entity {id: i}) RETURN collect([i, labels(n), n.kind]) AS entity }
CALL () { UNWIND $scale AS i MATCH (:Scale {id: i}) RETURN collect(i) AS scale }
CALL () { UNWIND $system AS i MATCH (:OutcomeSystem {id: i}) RETURN collect(i) AS system }
CALL () { UNWIND $factor AS i MATCH (:Factor {id: i}) RETURN collect(i) AS factor }
RETURN entity, scale, system, factor

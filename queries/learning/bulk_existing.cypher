// Which of the given ids exist, per kind ($scale, $cycle, ... $factor: lists of ids; one index
// look-up each), which of the document's own ids ($entity) any kind already holds (the Entity label,
// one id namespace: [id, labels]), and the kind of each stored condition asked about: the bulk
// write's one look-up of duplicates and references (graph/learning/bulk_rules.py).
CALL () { UNWIND $entity AS i MATCH (n:Entity {id: i}) RETURN collect([i, labels(n)]) AS entity }
CALL () { UNWIND $scale AS i MATCH (:Scale {id: i}) RETURN collect(i) AS scale }
CALL () { UNWIND $cycle AS i MATCH (:LearningCycle {id: i}) RETURN collect(i) AS cycle }
CALL () { UNWIND $actor AS i MATCH (:Actor {id: i}) RETURN collect(i) AS actor }
CALL () { UNWIND $experiment AS i MATCH (:Experiment {id: i}) RETURN collect(i) AS experiment }
CALL () { UNWIND $evidence AS i MATCH (:Evidence {id: i}) RETURN collect(i) AS evidence }
CALL () { UNWIND $pattern AS i MATCH (:Pattern {id: i}) RETURN collect(i) AS pattern }
CALL () { UNWIND $session AS i MATCH (:SensemakingSession {id: i}) RETURN collect(i) AS session }
CALL () { UNWIND $decision AS i MATCH (:Decision {id: i}) RETURN collect(i) AS decision }
CALL () { UNWIND $condition AS i MATCH (:Condition {id: i}) RETURN collect(i) AS condition }
CALL () { UNWIND $system AS i MATCH (:OutcomeSystem {id: i}) RETURN collect(i) AS system }
CALL () { UNWIND $factor AS i MATCH (:Factor {id: i}) RETURN collect(i) AS factor }
CALL () { UNWIND $condition AS i MATCH (k:Condition {id: i}) RETURN collect([i, k.kind]) AS condition_kinds }
RETURN entity, scale, cycle, actor, experiment, evidence, pattern, session, decision, condition, system, factor, condition_kinds

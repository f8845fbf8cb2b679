// Deletes learning cycle $id and everything that would dangle without it: its elements, its
// experiments and their evidence, the sensemaking sessions it held, its decisions and the
// conditions it raised. Actors, patterns and other cycles stay; only their links to what went go.
// Answers what was deleted, the lower cycles that were detached, and the patterns left with no
// evidence (they are kept, still readable, with an empty derived_from).
MATCH (c:LearningCycle {id: $id})
WITH c,
  COLLECT { MATCH (c)-[:HAS_ELEMENT]->(n:CycleElement) RETURN n } AS elements,
  COLLECT { MATCH (c)-[:RUNS]->(n:Experiment) RETURN n } AS experiments,
  COLLECT { MATCH (c)-[:RUNS]->(:Experiment)-[:YIELDED]->(n:Evidence) RETURN DISTINCT n } AS evidence,
  COLLECT { MATCH (c)-[:HELD]->(n:SensemakingSession) RETURN n } AS sessions,
  COLLECT { MATCH (c)-[:DECIDED]->(n:Decision) RETURN n } AS decisions,
  COLLECT { MATCH (c)-[:RAISED]->(n:Condition) RETURN n } AS conditions,
  COLLECT { MATCH (c)<-[:FEEDS_INTO]-(l:LearningCycle) RETURN l.id ORDER BY l.id } AS lower
WITH c, elements, experiments, evidence, sessions, decisions, conditions, lower,
  COLLECT {
    MATCH (p:Pattern)-[:DERIVED_FROM]->(e:Evidence)
    WHERE e IN evidence AND NOT EXISTS {
      MATCH (p)-[:DERIVED_FROM]->(other:Evidence) WHERE NOT other IN evidence
    }
    RETURN DISTINCT p.id AS id ORDER BY id
  } AS orphaned
FOREACH (n IN elements + experiments + evidence + sessions + decisions + conditions | DETACH DELETE n)
DETACH DELETE c
RETURN {
  LearningCycle: 1, CycleElement: size(elements), Experiment: size(experiments),
  Evidence: size(evidence), SensemakingSession: size(sessions), Decision: size(decisions),
  Condition: size(conditions)
} AS deleted, lower AS detached_lower_cycles, orphaned AS patterns_left_without_evidence

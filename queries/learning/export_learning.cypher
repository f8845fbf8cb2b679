// Everything of the learning structure that belongs to the cycles $cycles, as the rows of a
// learning document (graph/learning/export.py trims links to what the export leaves out). With
// $everything, also scales, actors and patterns no exported cycle touches.
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (c:LearningCycle {id: cycle_id})-[:AT_SCALE]->(s:Scale)
  RETURN collect(c {
    .id, .name, .purpose, .status, .created_at, scale: s.id,
    elements: COLLECT { MATCH (c)-[:HAS_ELEMENT]->(e:CycleElement)
                        RETURN e {.kind, .status, .notes, .updated_at} ORDER BY e.kind },
    feeds_into: COLLECT { MATCH (c)-[:FEEDS_INTO]->(u:LearningCycle) RETURN u.id ORDER BY u.id },
    peers: COLLECT { MATCH (c)-[:PEER_OF]->(p:LearningCycle) RETURN p.id ORDER BY p.id },
    participants: COLLECT { MATCH (a:Actor)-[r:PARTICIPATES_IN]->(c)
                            RETURN {cycle: c.id, actor: a.id, role: r.role} ORDER BY a.id },
    explores: COLLECT { MATCH (c)-[:EXPLORES]->(o:OutcomeSystem) RETURN o.id ORDER BY o.id },
    acts_on: COLLECT { MATCH (c)-[r:ACTS_ON]->(k:Condition)
                       RETURN {cycle: c.id, condition: k.id, action: r.action} ORDER BY k.id }
  }) AS cycles
}
CALL () {
  MATCH (s:Scale)
  WHERE $everything OR EXISTS { MATCH (s)<-[:AT_SCALE]-(c:LearningCycle) WHERE c.id IN $cycles }
  RETURN collect(s {.id, .name, .level}) AS scales
}
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (:LearningCycle {id: cycle_id})-[:RUNS]->(x:Experiment)
  RETURN collect(x {
    .id, .kind, .question, .hypothesis, .status, .started_at, .ended_at, .outcome, cycle: cycle_id,
    co_designers: COLLECT { MATCH (a:Actor)-[:CO_DESIGNED]->(x) RETURN a.id ORDER BY a.id },
    intervenes_on: COLLECT { MATCH (x)-[:INTERVENES_ON]->(f:Factor) RETURN f.id ORDER BY f.id },
    next: COLLECT { MATCH (x)-[:NEXT_ITERATION]->(n:Experiment) RETURN n.id ORDER BY n.id }
  }) AS experiments
}
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (:LearningCycle {id: cycle_id})-[:RUNS]->(x:Experiment)-[:YIELDED]->(e:Evidence)
  RETURN collect(e {.id, .kind, .text, .value, .unit, .recorded_at, .sensitivity, experiment: x.id,
                    cycle_id: cycle_id}) AS evidence
}
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (c:LearningCycle {id: cycle_id})-[:HELD]->(s:SensemakingSession)
  RETURN collect(s {
    .id, .held_at, .notes, cycle: c.id,
    attendees: COLLECT { MATCH (a:Actor)-[:ATTENDED]->(s) RETURN a.id ORDER BY a.id },
    patterns: COLLECT { MATCH (p:Pattern)-[:SURFACED_IN]->(s) RETURN p.id ORDER BY p.id }
  }) AS sessions
}
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (c:LearningCycle {id: cycle_id})-[:DECIDED]->(d:Decision)
  RETURN collect(d {
    .id, .kind, .rationale, .decided_at, cycle: c.id,
    informed_by: COLLECT { MATCH (d)-[:INFORMED_BY]->(p:Pattern) RETURN p.id ORDER BY p.id }
  }) AS decisions
}
CALL () {
  UNWIND $cycles AS cycle_id
  MATCH (:LearningCycle {id: cycle_id})-[:RAISED]->(k:Condition)
  WITH DISTINCT k
  RETURN collect(k {
    .id, .kind, .description, .status, .raised_at, .resolved_at, .resolved_by,
    raised_by: COLLECT { MATCH (c:LearningCycle)-[:RAISED]->(k) RETURN c.id ORDER BY c.id },
    blocks: COLLECT { MATCH (k)-[:BLOCKS]->(t) WHERE t:Experiment OR t:LearningCycle RETURN t.id ORDER BY t.id },
    supports: COLLECT { MATCH (k)-[:SUPPORTS]->(t) WHERE t:Experiment OR t:LearningCycle
                        RETURN t.id ORDER BY t.id }
  }) AS conditions
}
CALL () {
  MATCH (p:Pattern)
  WHERE $everything
     OR EXISTS { MATCH (p)-[:DERIVED_FROM]->(:Evidence)<-[:YIELDED]-(:Experiment)<-[:RUNS]-(c:LearningCycle)
                 WHERE c.id IN $cycles }
     OR EXISTS { MATCH (p)-[:SURFACED_IN]->(:SensemakingSession)<-[:HELD]-(c:LearningCycle) WHERE c.id IN $cycles }
     OR EXISTS { MATCH (p)<-[:INFORMED_BY]-(:Decision)<-[:DECIDED]-(c:LearningCycle) WHERE c.id IN $cycles }
  RETURN collect(p {
    .id, .statement, .status,
    derived_from: COLLECT { MATCH (p)-[d:DERIVED_FROM]->(e:Evidence)
                            RETURN {evidence_id: e.id, stance: d.stance} ORDER BY e.id }
  }) AS patterns
}
CALL () {
  MATCH (a:Actor)
  WHERE $everything
     OR EXISTS { MATCH (a)-[:PARTICIPATES_IN]->(c:LearningCycle) WHERE c.id IN $cycles }
     OR EXISTS { MATCH (a)-[:CO_DESIGNED]->(:Experiment)<-[:RUNS]-(c:LearningCycle) WHERE c.id IN $cycles }
     OR EXISTS { MATCH (a)-[:ATTENDED]->(:SensemakingSession)<-[:HELD]-(c:LearningCycle) WHERE c.id IN $cycles }
  RETURN collect(a {.id, .name, .kind}) AS actors
}
RETURN scales, actors, cycles, experiments, evidence, patterns, sessions, decisions, conditions

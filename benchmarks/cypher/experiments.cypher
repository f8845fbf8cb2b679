// Benchmark data: experiments of a cycle, the factors they intervene on and the evidence they
// yielded (rows: id, cycle, status, outcome, factors, evidence: [{id, kind, sensitivity, value}]).
UNWIND $rows AS r
MATCH (c:LearningCycle {id: r.cycle})
CREATE (c)-[:RUNS]->(e:Experiment {id: r.id, kind: 'hypothesis_test', question: 'q', hypothesis: 'h',
                                   status: r.status, started_at: '2024-02-01T00:00:00Z'})
SET e.outcome = r.outcome
WITH e, r
CALL (e, r) {
  UNWIND r.factors AS factor_id
  MATCH (f:Factor {id: factor_id})
  CREATE (e)-[:INTERVENES_ON]->(f)
}
CALL (e, r) {
  UNWIND r.evidence AS ev
  CREATE (e)-[:YIELDED]->(:Evidence {id: ev.id, kind: ev.kind, text: 'evidence ' + ev.id,
                                     value: ev.value, unit: 'n', recorded_at: '2024-02-15T00:00:00Z',
                                     sensitivity: ev.sensitivity})
}

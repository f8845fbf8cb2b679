// Patterns by id: statement and status, the evidence each is derived from (with stance and the
// experiment and cycle that evidence came from: the provenance chain), counts per stance, the
// sessions it surfaced in and the decisions it informed. No evidence text: that stays with the evidence.
UNWIND $ids AS wanted
MATCH (p:Pattern {id: wanted})
RETURN p {
  .*,
  derived_from: COLLECT {
    MATCH (p)-[d:DERIVED_FROM]->(e:Evidence)
    OPTIONAL MATCH (x:Experiment)-[:YIELDED]->(e)
    OPTIONAL MATCH (c:LearningCycle)-[:RUNS]->(x)
    RETURN {evidence_id: e.id, stance: d.stance, experiment_id: x.id, cycle_id: c.id} AS source
    ORDER BY e.id
  },
  supporting: COUNT { (p)-[:DERIVED_FROM {stance: 'supports'}]->(:Evidence) },
  contradicting: COUNT { (p)-[:DERIVED_FROM {stance: 'contradicts'}]->(:Evidence) },
  surfaced_in: COLLECT { MATCH (p)-[:SURFACED_IN]->(s:SensemakingSession) RETURN s.id ORDER BY s.id },
  informed: COLLECT { MATCH (d:Decision)-[:INFORMED_BY]->(p) RETURN d.id ORDER BY d.id }
} AS item

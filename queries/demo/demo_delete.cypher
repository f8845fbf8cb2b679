// Demo reset: deletes exactly the demo's nodes ($rows: {label, id}, from the demo files) with their
// relationships. Also counts the relationships that tied them to nodes outside the demo (other than
// scales, factors and outcome systems, which the load links again), so a reset never cuts one
// silently. Non-demo nodes are never deleted.
UNWIND $rows AS row
CALL (row) {
  MATCH (n:LearningCycle {id: row.id}) WHERE row.label = 'LearningCycle' RETURN n
  UNION
  MATCH (n:CycleElement {id: row.id}) WHERE row.label = 'CycleElement' RETURN n
  UNION
  MATCH (n:Actor {id: row.id}) WHERE row.label = 'Actor' RETURN n
  UNION
  MATCH (n:Experiment {id: row.id}) WHERE row.label = 'Experiment' RETURN n
  UNION
  MATCH (n:Evidence {id: row.id}) WHERE row.label = 'Evidence' RETURN n
  UNION
  MATCH (n:Pattern {id: row.id}) WHERE row.label = 'Pattern' RETURN n
  UNION
  MATCH (n:SensemakingSession {id: row.id}) WHERE row.label = 'SensemakingSession' RETURN n
  UNION
  MATCH (n:Decision {id: row.id}) WHERE row.label = 'Decision' RETURN n
  UNION
  MATCH (n:Condition {id: row.id}) WHERE row.label = 'Condition' RETURN n
}
WITH collect(n) AS doomed
CALL (doomed) {
  UNWIND doomed AS n
  MATCH (n)-[r]-(m)
  WHERE NOT m IN doomed AND NOT (m:Scale OR m:Factor OR m:OutcomeSystem)
  RETURN count(DISTINCT r) AS cut_links
}
CALL (doomed) {
  UNWIND doomed AS n
  DETACH DELETE n
}
RETURN size(doomed) AS deleted, cut_links

// learning/evidence_page when $cycle is given: starts from the evidence of cycle $cycle's
// experiments (an index seek and a short expansion, not every node of the label), then checks the other
// filters as evidence_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (anchor:LearningCycle {id: $cycle})-[:RUNS]->(:Experiment)-[:YIELDED]->(e:Evidence)
USING INDEX anchor:LearningCycle(id)
WITH DISTINCT e
WHERE ($experiment IS NULL OR EXISTS { (:Experiment {id: $experiment})-[:YIELDED]->(e) })
  AND ($kind IS NULL OR e.kind = $kind)
  AND ($sensitivity IS NULL OR e.sensitivity = $sensitivity)
WITH e.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

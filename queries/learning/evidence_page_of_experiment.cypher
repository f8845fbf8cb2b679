// learning/evidence_page when $experiment is given: starts from experiment $experiment's evidence
// (an index seek and a short expansion, not every node of the label), then checks the other filters as
// evidence_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:Experiment {id: $experiment})
USING INDEX SEEK anchor:Experiment(id)
WITH anchor
MATCH (anchor)-[:YIELDED]->(e:Evidence)
WITH DISTINCT e
WHERE ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:RUNS]->(:Experiment)-[:YIELDED]->(e) })
  AND ($kind IS NULL OR e.kind = $kind)
  AND ($sensitivity IS NULL OR e.sensitivity = $sensitivity)
WITH e.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

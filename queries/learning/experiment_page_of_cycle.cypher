// learning/experiment_page when $cycle is given: starts from cycle $cycle's experiments (an index
// seek and a short expansion, not every node of the label), then checks the other filters as
// experiment_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (anchor:LearningCycle {id: $cycle})-[:RUNS]->(x:Experiment)
USING INDEX anchor:LearningCycle(id)
WITH DISTINCT x
WHERE ($status IS NULL OR x.status = $status)
  AND ($kind IS NULL OR x.kind = $kind)
WITH x.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// One page of experiment ids (id order) run by cycle $cycle, with status $status and of kind $kind
// (each filter ignored when null), and how many experiments match.
MATCH (x:Experiment)
WHERE ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:RUNS]->(x) })
  AND ($status IS NULL OR x.status = $status)
  AND ($kind IS NULL OR x.kind = $kind)
WITH x.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

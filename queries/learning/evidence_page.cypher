// One page of evidence ids (id order) yielded by experiment $experiment, produced by cycle $cycle,
// of kind $kind and with sensitivity $sensitivity (each filter ignored when null), and the total.
MATCH (e:Evidence)
WHERE ($experiment IS NULL OR EXISTS { (:Experiment {id: $experiment})-[:YIELDED]->(e) })
  AND ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:RUNS]->(:Experiment)-[:YIELDED]->(e) })
  AND ($kind IS NULL OR e.kind = $kind)
  AND ($sensitivity IS NULL OR e.sensitivity = $sensitivity)
WITH e.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

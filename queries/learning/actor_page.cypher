// One page of actor ids (id order) of kind $kind and participating in cycle $cycle (each filter
// ignored when null), and how many actors match.
MATCH (a:Actor)
WHERE ($kind IS NULL OR a.kind = $kind)
  AND ($cycle IS NULL OR EXISTS { (a)-[:PARTICIPATES_IN]->(:LearningCycle {id: $cycle}) })
WITH a.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// learning/actor_page when $cycle is given: starts from the actors taking part in cycle $cycle (an
// index seek and a short expansion, not every node of the label), then checks every filter as
// actor_page does.
MATCH (a:Actor)-[:PARTICIPATES_IN]->(:LearningCycle {id: $cycle})
WITH DISTINCT a
WHERE ($kind IS NULL OR a.kind = $kind)
  AND ($cycle IS NULL OR EXISTS { (a)-[:PARTICIPATES_IN]->(:LearningCycle {id: $cycle}) })
WITH a.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// One page of condition ids (id order) raised by cycle $cycle, of kind $kind, with status $status
// and acted on by cycle $acted_on_by (each filter ignored when null), and how many match.
MATCH (k:Condition)
WHERE ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:RAISED]->(k) })
  AND ($kind IS NULL OR k.kind = $kind)
  AND ($status IS NULL OR k.status = $status)
  AND ($acted_on_by IS NULL OR EXISTS { (:LearningCycle {id: $acted_on_by})-[:ACTS_ON]->(k) })
WITH k.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

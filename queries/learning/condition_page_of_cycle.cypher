// learning/condition_page when $cycle is given: starts from the conditions cycle $cycle raised (an
// index seek and a short expansion, not every node of the label), then checks the other filters as
// condition_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:LearningCycle {id: $cycle})
USING INDEX SEEK anchor:LearningCycle(id)
WITH anchor
MATCH (anchor)-[:RAISED]->(k:Condition)
WITH DISTINCT k
WHERE ($kind IS NULL OR k.kind = $kind)
  AND ($status IS NULL OR k.status = $status)
  AND ($acted_on_by IS NULL OR EXISTS { (:LearningCycle {id: $acted_on_by})-[:ACTS_ON]->(k) })
WITH k.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

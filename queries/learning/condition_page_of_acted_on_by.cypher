// learning/condition_page when $acted_on_by is given: starts from the conditions cycle $acted_on_by
// acts on (an index seek and a short expansion, not every node of the label), then checks the other
// filters as condition_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:LearningCycle {id: $acted_on_by})
USING INDEX SEEK anchor:LearningCycle(id)
WITH anchor
MATCH (anchor)-[:ACTS_ON]->(k:Condition)
WITH DISTINCT k
WHERE ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:RAISED]->(k) })
  AND ($kind IS NULL OR k.kind = $kind)
  AND ($status IS NULL OR k.status = $status)
WITH k.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

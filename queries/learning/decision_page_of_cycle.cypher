// learning/decision_page when $cycle is given: starts from the decisions cycle $cycle made (an
// index seek and a short expansion, not every node of the label), then checks the other filters as
// decision_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:LearningCycle {id: $cycle})
USING INDEX SEEK anchor:LearningCycle(id)
WITH anchor
MATCH (anchor)-[:DECIDED]->(d:Decision)
WITH DISTINCT d
WHERE ($kind IS NULL OR d.kind = $kind)
WITH d.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

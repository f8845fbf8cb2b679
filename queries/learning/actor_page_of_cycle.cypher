// learning/actor_page when $cycle is given: starts from the actors taking part in cycle $cycle (an
// index seek and a short expansion, not every node of the label), then checks the other filters as
// actor_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:LearningCycle {id: $cycle})
USING INDEX SEEK anchor:LearningCycle(id)
WITH anchor
MATCH (a:Actor)-[:PARTICIPATES_IN]->(anchor)
WITH DISTINCT a
WHERE ($kind IS NULL OR a.kind = $kind)
WITH a.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

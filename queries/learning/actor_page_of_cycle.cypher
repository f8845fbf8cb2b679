// learning/actor_page when $cycle is given: starts from the actors taking part in cycle $cycle (an
// index seek and a short expansion, not every node of the label), then checks the other filters as
// actor_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (a:Actor)-[:PARTICIPATES_IN]->(anchor:LearningCycle {id: $cycle})
USING INDEX anchor:LearningCycle(id)
WITH DISTINCT a
WHERE ($kind IS NULL OR a.kind = $kind)
WITH a.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

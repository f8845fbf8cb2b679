// learning/session_page when $cycle is given: starts from the sessions cycle $cycle held (an index
// seek and a short expansion, not every node of the label), then checks the other filters as
// session_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (anchor:LearningCycle {id: $cycle})-[:HELD]->(s:SensemakingSession)
USING INDEX anchor:LearningCycle(id)
WITH DISTINCT s
WITH s.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// learning/cycle_page when $scale is given: starts from the cycles at scale $scale (an index seek
// and a short expansion, not every node of the label), then checks the other filters as cycle_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (c:LearningCycle)-[:AT_SCALE]->(anchor:Scale {id: $scale})
USING INDEX anchor:Scale(id)
WITH DISTINCT c
WHERE ($status IS NULL OR c.status = $status)
WITH c.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

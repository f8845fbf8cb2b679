// learning/cycle_page when $scale is given: starts from the cycles at scale $scale (an index seek
// and a short expansion, not every node of the label), then checks the other filters as cycle_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:Scale {id: $scale})
USING INDEX SEEK anchor:Scale(id)
WITH anchor
MATCH (c:LearningCycle)-[:AT_SCALE]->(anchor)
WITH DISTINCT c
WHERE ($status IS NULL OR c.status = $status)
WITH c.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

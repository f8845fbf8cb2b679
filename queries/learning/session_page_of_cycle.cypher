// learning/session_page when $cycle is given: starts from the sessions cycle $cycle held (an index
// seek and a short expansion, not every node of the label), then checks the other filters as
// session_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:LearningCycle {id: $cycle})
USING INDEX SEEK anchor:LearningCycle(id)
WITH anchor
MATCH (anchor)-[:HELD]->(s:SensemakingSession)
WITH DISTINCT s
WITH s.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

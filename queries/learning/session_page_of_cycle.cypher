// learning/session_page when $cycle is given: starts from the sessions cycle $cycle held (an index
// seek and a short expansion, not every node of the label), then checks every filter as
// session_page does.
MATCH (:LearningCycle {id: $cycle})-[:HELD]->(s:SensemakingSession)
WITH DISTINCT s
WHERE $cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:HELD]->(s) }
WITH s.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

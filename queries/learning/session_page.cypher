// One page of sensemaking session ids (id order) held by cycle $cycle (ignored when null), and the total.
MATCH (s:SensemakingSession)
WHERE $cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:HELD]->(s) }
WITH s.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

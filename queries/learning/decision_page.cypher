// One page of decision ids (id order) taken by cycle $cycle and of kind $kind (each filter ignored
// when null), and how many decisions match.
MATCH (d:Decision)
WHERE ($cycle IS NULL OR EXISTS { (:LearningCycle {id: $cycle})-[:DECIDED]->(d) })
  AND ($kind IS NULL OR d.kind = $kind)
WITH d.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

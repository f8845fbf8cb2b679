// One page of learning cycle ids (id order) at scale $scale and with status $status (each
// filter ignored when null), and how many cycles match.
MATCH (c:LearningCycle)
WHERE ($scale IS NULL OR EXISTS { (c)-[:AT_SCALE]->(:Scale {id: $scale}) })
  AND ($status IS NULL OR c.status = $status)
WITH c.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

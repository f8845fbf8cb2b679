// learning/cycle_page when $scale is given: starts from the cycles at scale $scale (an index seek
// and a short expansion, not every node of the label), then checks every filter as cycle_page does.
MATCH (c:LearningCycle)-[:AT_SCALE]->(:Scale {id: $scale})
WITH DISTINCT c
WHERE ($scale IS NULL OR EXISTS { (c)-[:AT_SCALE]->(:Scale {id: $scale}) })
  AND ($status IS NULL OR c.status = $status)
WITH c.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// learning/pattern_page when $evidence is given: starts from the patterns derived from evidence
// $evidence (an index seek and a short expansion, not every node of the label), then checks the other
// filters as pattern_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:Evidence {id: $evidence})
USING INDEX SEEK anchor:Evidence(id)
WITH anchor
MATCH (p:Pattern)-[:DERIVED_FROM]->(anchor)
WITH DISTINCT p
WHERE ($status IS NULL OR p.status = $status)
  AND ($session IS NULL OR EXISTS { (p)-[:SURFACED_IN]->(:SensemakingSession {id: $session}) })
WITH p.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

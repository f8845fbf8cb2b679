// learning/pattern_page when $evidence is given: starts from the patterns derived from evidence
// $evidence (an index seek and a short expansion, not every node of the label), then checks the other
// filters as pattern_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (p:Pattern)-[:DERIVED_FROM]->(anchor:Evidence {id: $evidence})
USING INDEX anchor:Evidence(id)
WITH DISTINCT p
WHERE ($status IS NULL OR p.status = $status)
  AND ($session IS NULL OR EXISTS { (p)-[:SURFACED_IN]->(:SensemakingSession {id: $session}) })
WITH p.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// learning/pattern_page when $session is given: starts from the patterns surfaced in session
// $session (an index seek and a short expansion, not every node of the label), then checks the other
// filters as pattern_page does.
// The index hint keeps that start whatever the statistics say (with few nodes of the kind the
// planner may choose to scan them all).
MATCH (p:Pattern)-[:SURFACED_IN]->(anchor:SensemakingSession {id: $session})
USING INDEX anchor:SensemakingSession(id)
WITH DISTINCT p
WHERE ($status IS NULL OR p.status = $status)
  AND ($evidence IS NULL OR EXISTS { (p)-[:DERIVED_FROM]->(:Evidence {id: $evidence}) })
WITH p.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

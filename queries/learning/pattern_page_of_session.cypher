// learning/pattern_page when $session is given: starts from the patterns surfaced in session
// $session (an index seek and a short expansion, not every node of the label), then checks the other
// filters as pattern_page does.
// The anchor is sought first, through its id index (hinted: a freshly written database's index
// statistics can make the planner scan that index or the kind's label instead).
MATCH (anchor:SensemakingSession {id: $session})
USING INDEX SEEK anchor:SensemakingSession(id)
WITH anchor
MATCH (p:Pattern)-[:SURFACED_IN]->(anchor)
WITH DISTINCT p
WHERE ($status IS NULL OR p.status = $status)
  AND ($evidence IS NULL OR EXISTS { (p)-[:DERIVED_FROM]->(:Evidence {id: $evidence}) })
WITH p.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

// One page of pattern ids (id order) with status $status, surfaced in session $session and derived
// from evidence $evidence (each filter ignored when null), and how many patterns match.
MATCH (p:Pattern)
WHERE ($status IS NULL OR p.status = $status)
  AND ($session IS NULL OR EXISTS { (p)-[:SURFACED_IN]->(:SensemakingSession {id: $session}) })
  AND ($evidence IS NULL OR EXISTS { (p)-[:DERIVED_FROM]->(:Evidence {id: $evidence}) })
WITH p.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[$offset..$offset + $limit] AS ids

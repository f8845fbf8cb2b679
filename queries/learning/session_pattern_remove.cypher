// Pattern $pattern is no longer recorded as surfacing in sensemaking session $id.
MATCH (:Pattern {id: $pattern})-[r:SURFACED_IN]->(:SensemakingSession {id: $id})
DELETE r
RETURN count(*) AS removed

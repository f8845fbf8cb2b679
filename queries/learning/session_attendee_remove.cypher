// Actor $actor is no longer recorded as attending sensemaking session $id.
MATCH (:Actor {id: $actor})-[r:ATTENDED]->(:SensemakingSession {id: $id})
DELETE r
RETURN count(*) AS removed

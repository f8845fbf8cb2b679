// Cycles $id and $peer are no longer peers (the link goes, whichever way it was stored).
MATCH (:LearningCycle {id: $id})-[r:PEER_OF]-(:LearningCycle {id: $peer})
DELETE r
RETURN count(*) AS removed

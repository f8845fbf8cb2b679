// Actor $actor no longer participates in cycle $id.
MATCH (:Actor {id: $actor})-[p:PARTICIPATES_IN]->(:LearningCycle {id: $id})
DELETE p
RETURN count(*) AS removed

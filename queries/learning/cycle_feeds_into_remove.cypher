// Cycle $id no longer feeds into cycle $upper.
MATCH (:LearningCycle {id: $id})-[r:FEEDS_INTO]->(:LearningCycle {id: $upper})
DELETE r
RETURN count(*) AS removed

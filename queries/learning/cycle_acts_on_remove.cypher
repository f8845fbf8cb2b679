// Cycle $cycle no longer acts on condition $condition.
MATCH (:LearningCycle {id: $cycle})-[r:ACTS_ON]->(:Condition {id: $condition})
DELETE r
RETURN count(*) AS removed

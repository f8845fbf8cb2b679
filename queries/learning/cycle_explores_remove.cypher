// Cycle $id no longer explores outcome system $system.
MATCH (:LearningCycle {id: $id})-[r:EXPLORES]->(:OutcomeSystem {id: $system})
DELETE r
RETURN count(*) AS removed

// The action cycle $other takes on condition $id now (null: it does not act on it): what an acting
// change replaces, kept in its history so the change can be undone.
OPTIONAL MATCH (:LearningCycle {id: $other})-[a:ACTS_ON]->(:Condition {id: $id})
RETURN a.action AS value

// The role actor $other has in cycle $id now (null: not a participant): what a participation change
// replaces, kept in its history so the change can be undone.
OPTIONAL MATCH (:Actor {id: $other})-[p:PARTICIPATES_IN]->(:LearningCycle {id: $id})
RETURN p.role AS value

// Sets the given properties of learning cycle $id (a null removes one).
MATCH (c:LearningCycle {id: $id})
SET c += $props
RETURN c.id AS id

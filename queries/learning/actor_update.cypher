// Sets the given properties of actor $id (a null removes one).
MATCH (a:Actor {id: $id})
SET a += $props
RETURN a.id AS id

// Sets the given properties of condition $id (a null removes one).
MATCH (k:Condition {id: $id})
SET k += $props
RETURN k.id AS id

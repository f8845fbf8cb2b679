// Sets the given properties of evidence $id (a null removes one).
MATCH (e:Evidence {id: $id})
SET e += $props
RETURN e.id AS id

// Sets the given properties of pattern $id (a null removes one).
MATCH (p:Pattern {id: $id})
SET p += $props
RETURN p.id AS id

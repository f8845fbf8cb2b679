// Sets the given properties of scale $id (a null removes one).
MATCH (s:Scale {id: $id})
SET s += $props
RETURN s.id AS id

// Sets the given properties of decision $id (a null removes one).
MATCH (d:Decision {id: $id})
SET d += $props
RETURN d.id AS id

// Creates one actor with properties $props (id, name, kind).
CREATE (a:Actor)
SET a = $props
RETURN a.id AS id

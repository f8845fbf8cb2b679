// Creates one actor with properties $props (id, name, kind).
CREATE (a:Actor:Entity)
SET a = $props
RETURN a.id AS id

// Creates one pattern with properties $props (which include its id).
CREATE (p:Pattern:Entity)
SET p = $props
RETURN p.id AS id

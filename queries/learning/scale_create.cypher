// Creates one scale with properties $props (id, name, level).
CREATE (s:Scale)
SET s = $props
RETURN s.id AS id

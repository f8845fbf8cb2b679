// Sets the given properties of sensemaking session $id (a null removes one).
MATCH (s:SensemakingSession {id: $id})
SET s += $props
RETURN s.id AS id

// Appends one change to the history (append-only: nothing ever updates a Change).
CREATE (c:Change)
SET c = $props
RETURN c.id AS id

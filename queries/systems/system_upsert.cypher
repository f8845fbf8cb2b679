// An outcome system's own properties, replaced whole (keeps the node, so EXPLORES links survive).
MERGE (s:OutcomeSystem {id: $system_id})
SET s = $props, s.id = $system_id
RETURN s {.*} AS system

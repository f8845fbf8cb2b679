// A new outcome system (the uniqueness constraint on id refuses a second one with the same id).
CREATE (s:OutcomeSystem {id: $system_id})
SET s += $props
RETURN s {.*} AS system

// One outcome system's own properties (no rows when it does not exist).
MATCH (s:OutcomeSystem {id: $system_id})
RETURN s {.*} AS system

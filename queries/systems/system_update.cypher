// Changes some properties of an outcome system; a null value removes that property.
MATCH (s:OutcomeSystem {id: $system_id})
SET s += $changes
RETURN s {.*} AS system

// How many outcome systems there are (the total of a paginated list).
MATCH (s:OutcomeSystem)
RETURN count(s) AS total

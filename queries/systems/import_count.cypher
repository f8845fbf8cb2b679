// How many import reports one system has.
MATCH (r:ImportReport {system: $system_id})
RETURN count(r) AS total

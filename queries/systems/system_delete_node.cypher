// Deletes the outcome system node itself (after its factors and clusters), with its EXPLORES links.
MATCH (s:OutcomeSystem {id: $system_id})
DETACH DELETE s
RETURN count(*) AS deleted

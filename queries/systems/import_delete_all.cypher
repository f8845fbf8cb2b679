// Deletes the import reports of one system (when the system is deleted).
MATCH (r:ImportReport {system: $system_id})
DETACH DELETE r
RETURN count(*) AS deleted

// Deletes scale $id (the caller has checked that no cycle runs at it).
MATCH (s:Scale {id: $id})
DELETE s
RETURN count(*) AS deleted

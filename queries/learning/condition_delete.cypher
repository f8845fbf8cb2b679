// Deletes condition $id and its links (the cycles and experiments it affects stay).
MATCH (k:Condition {id: $id})
DETACH DELETE k
RETURN {Condition: 1} AS deleted

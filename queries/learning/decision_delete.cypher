// Deletes decision $id and its links (the patterns that informed it stay).
MATCH (d:Decision {id: $id})
DETACH DELETE d
RETURN {Decision: 1} AS deleted

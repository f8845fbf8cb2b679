// Deletes actor $id and its links (participation, co-design, attendance); nothing else depends on it.
MATCH (a:Actor {id: $id})
DETACH DELETE a
RETURN {Actor: 1} AS deleted

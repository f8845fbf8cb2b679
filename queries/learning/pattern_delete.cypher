// Deletes pattern $id and its links (evidence, sessions and decisions stay).
MATCH (p:Pattern {id: $id})
DETACH DELETE p
RETURN {Pattern: 1} AS deleted

// Bulk write: actors $actors [{id, props}]. Returns how many rows matched.
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
SET a:Entity
SET a += row.props
RETURN count(*) AS actors

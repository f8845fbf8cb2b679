// Every relationship of the database for a backup: its endpoints (element ids, as in the nodes
// part of the same file), type and properties, in a stable order.
MATCH (a)-[r]->(b)
RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props
ORDER BY start, end, type

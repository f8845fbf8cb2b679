// Every node of the database for a backup: its element id (only to tie relationships to it inside
// the file), labels and properties, in a stable order.
MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id

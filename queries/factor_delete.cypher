// Deletes a factor with its links, its cluster membership and any INTERVENES_ON pointing at it.
MATCH (f:Factor {id: $factor_id})
WITH f, COUNT { (f)-[:INFLUENCES]-() } AS links
DETACH DELETE f
RETURN links

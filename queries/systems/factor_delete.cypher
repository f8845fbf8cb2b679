// Deletes a factor with its links, its cluster membership and any INTERVENES_ON pointing at it;
// answers how many links went (a self-loop counts once).
MATCH (f:Factor {id: $factor_id})
WITH f, COUNT { MATCH (f)-[r:INFLUENCES]-() RETURN DISTINCT r } AS links
DETACH DELETE f
RETURN links

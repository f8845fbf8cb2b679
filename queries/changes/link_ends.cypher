// Whether both factors of the INFLUENCES link $source -> $target exist, and whether they are linked
// that way (undo of a link's deletion: graph/learning/undo_links.py).
OPTIONAL MATCH (a:Factor {id: $source})
OPTIONAL MATCH (b:Factor {id: $target})
RETURN a IS NOT NULL AND b IS NOT NULL AS both,
       CASE WHEN a IS NULL OR b IS NULL THEN false ELSE EXISTS { (a)-[:INFLUENCES]->(b) } END AS linked

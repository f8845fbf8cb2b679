// A new INFLUENCES link between two factors.
MATCH (a:Factor {id: $source}), (b:Factor {id: $target})
CREATE (a)-[r:INFLUENCES]->(b)
SET r = $props
RETURN count(r) AS created

// The properties of the INFLUENCES link $source -> $target (no row when it is gone).
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
RETURN properties(r) AS props

// Writes the INFLUENCES link $source -> $target back to the properties $props (undo of an update;
// its version stamps are set after, graph/core/changes.py).
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
SET r = $props
RETURN properties(r) AS props

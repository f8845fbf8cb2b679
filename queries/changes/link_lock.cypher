// Takes the write lock of the INFLUENCES link $source -> $target before reading it (see node_lock).
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
SET r._hls_lock = true
REMOVE r._hls_lock
RETURN properties(r) AS props

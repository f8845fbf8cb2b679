// Takes the write lock of node $id of label $label (dynamic label, Neo4j 5.26) before anything of
// it is read, so the version and properties answered are the latest and stay so until commit. With
// $rels, also its relationships (type, direction, other end, properties) to tell a link that changed
// something from one that was there already.
MATCH (n:$($label) {id: $id})
SET n._hls_lock = true
REMOVE n._hls_lock
RETURN properties(n) AS props, CASE WHEN $rels THEN COLLECT {
  MATCH (n)-[r]-(m)
  RETURN [type(r), startNode(r) = n, m.id, properties(r)] AS rel
} ELSE [] END AS rels

// Takes the write lock of node $id of label $label before anything of
// it is read, so the version and properties answered are the latest and stay so until commit. With
// $rels, also its relationships (type, direction, other end, properties) to tell a link that changed
// something from one that was there already.
// (Static labels, each an index seek: a dynamic label in MATCH is an all-nodes scan in Neo4j 5.26.)
CALL () {
  MATCH (x:Entity {id: $id}) RETURN x AS n
  UNION MATCH (x:Scale {id: $id}) RETURN x AS n
  UNION MATCH (x:OutcomeSystem {id: $id}) RETURN x AS n
  UNION MATCH (x:Factor {id: $id}) RETURN x AS n
  UNION MATCH (x:Cluster {id: $id}) RETURN x AS n
}
WITH *
WHERE $label IN labels(n)
SET n._hls_lock = true
REMOVE n._hls_lock
RETURN properties(n) AS props, CASE WHEN $rels THEN COLLECT {
  MATCH (n)-[r]-(m)
  RETURN [type(r), startNode(r) = n, m.id, properties(r)] AS rel
} ELSE [] END AS rels

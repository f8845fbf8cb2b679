// The properties of node $id of label $label (no row when it is gone) and, with $rels, its
// relationships (as changes/node_lock answers them).
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
RETURN properties(n) AS props, CASE WHEN $rels THEN COLLECT {
  MATCH (n)-[r]-(m)
  RETURN [type(r), startNode(r) = n, m.id, properties(r)] AS rel
} ELSE [] END AS rels

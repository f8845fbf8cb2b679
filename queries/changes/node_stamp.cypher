// Stamps node $id of label $label with its new version, when and by whom; answers its properties.
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
SET n.version = $version, n.updated_at = $at, n.updated_by = $by
RETURN properties(n) AS props

// Replaces every property of node $id of label $label with $props (its labels and relationships stay).
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
SET n = $props
RETURN n.id AS id

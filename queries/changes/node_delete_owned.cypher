// Deletes node $id of label $label and what it owns (as changes/trash_candidates reads them): the
// undo of its creation.
// (Static labels, each an index seek: a dynamic label in MATCH is an all-nodes scan in Neo4j 5.26.)
CALL () {
  MATCH (x:Entity {id: $id}) RETURN x AS root
  UNION MATCH (x:Scale {id: $id}) RETURN x AS root
  UNION MATCH (x:OutcomeSystem {id: $id}) RETURN x AS root
  UNION MATCH (x:Factor {id: $id}) RETURN x AS root
  UNION MATCH (x:Cluster {id: $id}) RETURN x AS root
}
WITH *
WHERE $label IN labels(root)
CALL (root) {
  MATCH (root)-[:HAS_ELEMENT|RUNS|YIELDED|HELD|DECIDED|RAISED*0..2]->(n)
  RETURN n
  UNION
  MATCH (root)<-[:PART_OF]-(n)
  RETURN n
}
DETACH DELETE n
RETURN count(*) AS deleted

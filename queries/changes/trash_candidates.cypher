// What deleting node $id of label $label may take with it: the node, what it owns (elements,
// experiments and their evidence, sessions, decisions, raised conditions; a system's factors and
// clusters), each with its labels, properties and every relationship it has (both directions).
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
RETURN elementId(n) AS eid, labels(n) AS labels, properties(n) AS props,
  [(n)-[r]->(m) | {rid: elementId(r), type: type(r), start: n.id, start_labels: labels(n), end: m.id,
                   end_labels: labels(m), props: properties(r)}] +
  [(m)-[r]->(n) | {rid: elementId(r), type: type(r), start: m.id, start_labels: labels(m), end: n.id,
                   end_labels: labels(n), props: properties(r)}] AS relationships

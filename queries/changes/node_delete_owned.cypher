// Deletes node $id of label $label and what it owns (as changes/trash_candidates reads them): the
// undo of its creation.
MATCH (root:$($label) {id: $id})
CALL (root) {
  MATCH (root)-[:HAS_ELEMENT|RUNS|YIELDED|HELD|DECIDED|RAISED*0..2]->(n)
  RETURN n
  UNION
  MATCH (root)<-[:PART_OF]-(n)
  RETURN n
}
DETACH DELETE n
RETURN count(*) AS deleted

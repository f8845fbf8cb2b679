// The properties of node $id of label $label (no row when it is gone) and, with $rels, its
// relationships (as changes/node_lock answers them).
MATCH (n:$($label) {id: $id})
RETURN properties(n) AS props, CASE WHEN $rels THEN COLLECT {
  MATCH (n)-[r]-(m)
  RETURN [type(r), startNode(r) = n, m.id, properties(r)] AS rel
} ELSE [] END AS rels

// Which of the nodes to restore ($rows: {i, label, id, entity}) would clash with a node there now:
// the same label and id, or (for the learning structure) any entity with that id.
UNWIND $rows AS row
WITH row WHERE EXISTS { MATCH (n:$(row.label) {id: row.id}) }
  OR (row.entity AND EXISTS { MATCH (:Entity {id: row.id}) })
RETURN collect(row.i) AS taken

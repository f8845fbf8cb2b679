// Which of the nodes to restore ($rows: {i, label, id, entity}) would clash with a node there now:
// the same label and id, or (for the learning structure) any entity with that id.
UNWIND $rows AS row
OPTIONAL CALL (row) {
  MATCH (x:Entity {id: row.id}) RETURN x AS n
  UNION MATCH (x:Scale {id: row.id}) RETURN x AS n
  UNION MATCH (x:OutcomeSystem {id: row.id}) RETURN x AS n
  UNION MATCH (x:Factor {id: row.id}) RETURN x AS n
  UNION MATCH (x:Cluster {id: row.id}) RETURN x AS n
}
WITH row, collect(n) AS held
WITH row WHERE any(n IN held WHERE row.label IN labels(n) OR (row.entity AND n:Entity))
RETURN collect(DISTINCT row.i) AS taken

// Creates the relationships of a trash entry again where both ends exist; answers which did.
UNWIND $rows AS row
CALL (row) {
  MATCH (x:Entity {id: row.start}) RETURN x AS a
  UNION MATCH (x:Scale {id: row.start}) RETURN x AS a
  UNION MATCH (x:OutcomeSystem {id: row.start}) RETURN x AS a
  UNION MATCH (x:Factor {id: row.start}) RETURN x AS a
  UNION MATCH (x:Cluster {id: row.start}) RETURN x AS a
}
WITH *
WHERE row.start_label IN labels(a)
CALL (row) {
  MATCH (x:Entity {id: row.end}) RETURN x AS b
  UNION MATCH (x:Scale {id: row.end}) RETURN x AS b
  UNION MATCH (x:OutcomeSystem {id: row.end}) RETURN x AS b
  UNION MATCH (x:Factor {id: row.end}) RETURN x AS b
  UNION MATCH (x:Cluster {id: row.end}) RETURN x AS b
}
WITH *
WHERE row.end_label IN labels(b)
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN collect(row.i) AS restored

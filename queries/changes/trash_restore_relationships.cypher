// Creates the relationships of a trash entry again where both ends exist; answers which did.
UNWIND $rows AS row
MATCH (a:$(row.start_label) {id: row.start})
MATCH (b:$(row.end_label) {id: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN collect(row.i) AS restored

// Creates INFLUENCES links between factors of this system: each row {source, target, props}.
UNWIND $rows AS row
MATCH (a:Factor {id: row.source}), (b:Factor {id: row.target})
CREATE (a)-[r:INFLUENCES]->(b)
SET r = row.props
RETURN count(r) AS written

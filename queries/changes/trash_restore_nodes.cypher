// Creates the nodes of a trash entry again, with their labels (dynamic, Neo4j 5.26) and properties.
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN count(n) AS created

// Creates or updates this system's clusters: each row {id, props}; props replace the old ones.
MATCH (s:OutcomeSystem {id: $system_id})
UNWIND $rows AS row
MERGE (c:Cluster {id: row.id})
SET c = row.props, c.id = row.id
MERGE (c)-[:PART_OF]->(s)
RETURN count(c) AS written

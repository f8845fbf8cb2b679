// Creates or updates this system's factors: each row {id, props, cluster_id}; props replace the old
// ones (extras included), and the factor is put in its cluster when it has one.
MATCH (s:OutcomeSystem {id: $system_id})
UNWIND $rows AS row
MERGE (f:Factor {id: row.id})
SET f = row.props, f.id = row.id
MERGE (f)-[:PART_OF]->(s)
WITH f, row
OPTIONAL MATCH (c:Cluster {id: row.cluster_id})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (f)-[:IN_CLUSTER]->(c))
RETURN count(f) AS written

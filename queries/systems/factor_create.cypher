// A new factor in a system (and in a cluster when $cluster_id is set).
MATCH (s:OutcomeSystem {id: $system_id})
CREATE (f:Factor {id: $factor_id})-[:PART_OF]->(s)
SET f += $props
WITH f
OPTIONAL MATCH (c:Cluster {id: $cluster_id})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (f)-[:IN_CLUSTER]->(c))
RETURN f.id AS id

// A new cluster in a system.
MATCH (s:OutcomeSystem {id: $system_id})
CREATE (c:Cluster {id: $cluster_id})-[:PART_OF]->(s)
SET c += $props
RETURN c.id AS id

// One page of a system's factors (in one cluster when $cluster_id is set), numeric local ids first
// in numeric order, then the others by local id; each with its cluster.
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE $cluster_id IS NULL OR (f)-[:IN_CLUSTER]->(:Cluster {id: $cluster_id})
WITH f
ORDER BY CASE WHEN f.local_id =~ '[0-9]{1,15}' THEN toInteger(f.local_id) END, f.local_id
SKIP $offset LIMIT $limit
OPTIONAL MATCH (f)-[:IN_CLUSTER]->(c:Cluster)
RETURN properties(f) AS factor, c.id AS cluster_id, c.name AS cluster

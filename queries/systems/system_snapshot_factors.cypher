// Every factor of one system with all its properties and its cluster id; numeric local ids first in
// numeric order, then the others by local id (exports list factors in this order).
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
OPTIONAL MATCH (f)-[:IN_CLUSTER]->(c:Cluster)
RETURN properties(f) AS factor, c.id AS cluster_id
ORDER BY CASE WHEN f.local_id =~ '[0-9]{1,15}' THEN toInteger(f.local_id) END, f.local_id, f.id

// Deletes a cluster; its factors stay in the system, in no cluster.
MATCH (c:Cluster {id: $cluster_id})
WITH c, COUNT { (:Factor)-[:IN_CLUSTER]->(c) } AS factors
DETACH DELETE c
RETURN factors

// Every factor of one system with all its properties and its cluster id, ordered by id.
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
OPTIONAL MATCH (f)-[:IN_CLUSTER]->(c:Cluster)
RETURN properties(f) AS factor, c.id AS cluster_id
ORDER BY f.id

// Moves a factor to cluster $cluster_id, or out of every cluster when it is null.
MATCH (f:Factor {id: $factor_id})
OPTIONAL MATCH (f)-[old:IN_CLUSTER]->(:Cluster)
DELETE old
WITH DISTINCT f
OPTIONAL MATCH (c:Cluster {id: $cluster_id})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (f)-[:IN_CLUSTER]->(c))
RETURN f.id AS id

// One cluster with its factors (id and name, by name).
MATCH (c:Cluster {id: $cluster_id})
RETURN c {.*} AS cluster,
  COLLECT { MATCH (f:Factor)-[:IN_CLUSTER]->(c) RETURN f {.id, .name} ORDER BY f.name } AS factors

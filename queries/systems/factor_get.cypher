// One factor with its cluster, the links out of it and into it, and the experiments acting on it.
MATCH (f:Factor {id: $factor_id})
OPTIONAL MATCH (f)-[:IN_CLUSTER]->(c:Cluster)
RETURN properties(f) AS factor, c.id AS cluster_id, c.name AS cluster,
  [(f)-[r:INFLUENCES]->(t:Factor) |
    {source: f.id, source_name: f.name, target: t.id, target_name: t.name, props: properties(r)}] AS out_links,
  [(s:Factor)-[r:INFLUENCES]->(f) |
    {source: s.id, source_name: s.name, target: f.id, target_name: f.name, props: properties(r)}] AS in_links,
  [(e:Experiment)-[:INTERVENES_ON]->(f) | e.id] AS experiments

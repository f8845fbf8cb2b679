// One page of outcome systems, ordered by id, each with its factor, cluster and link counts.
MATCH (s:OutcomeSystem)
WITH s ORDER BY s.id SKIP $offset LIMIT $limit
RETURN s {.*,
  factors: COUNT { (:Factor)-[:PART_OF]->(s) },
  clusters: COUNT { (:Cluster)-[:PART_OF]->(s) },
  links: COUNT { (s)<-[:PART_OF]-(:Factor)-[:INFLUENCES]->(:Factor) }
} AS system

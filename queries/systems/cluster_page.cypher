// One page of a system's clusters by name, each with how many factors it holds.
MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WITH c ORDER BY c.name SKIP $offset LIMIT $limit
RETURN c {.*, factors: COUNT { (:Factor)-[:IN_CLUSTER]->(c) }} AS cluster

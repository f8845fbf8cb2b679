// Every cluster of one system, ordered by id.
MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
RETURN c {.*} AS cluster
ORDER BY c.id

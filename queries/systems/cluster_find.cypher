// The cluster of this system whose id is one of $ids, or whose name is $cluster_name.
MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE c.id IN $ids OR c.name = $cluster_name
RETURN c.id AS id, c.name AS name

// How many factors a system has (in one cluster when $cluster_id is set).
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE $cluster_id IS NULL OR (f)-[:IN_CLUSTER]->(:Cluster {id: $cluster_id})
RETURN count(f) AS total

// Deletes every cluster of this system (its factors' IN_CLUSTER links go with them).
MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
DETACH DELETE c
RETURN count(*) AS deleted

// How many clusters a system has.
MATCH (c:Cluster)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
RETURN count(c) AS total

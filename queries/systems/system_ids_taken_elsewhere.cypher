// Factor and cluster ids that already exist but do not belong to this system (a MERGE would
// silently adopt them, so saving refuses them).
UNWIND $factor_ids AS id
MATCH (f:Factor {id: id})
WHERE NOT (f)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
RETURN f.id AS id
UNION
UNWIND $cluster_ids AS id
MATCH (c:Cluster {id: id})
WHERE NOT (c)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
RETURN c.id AS id

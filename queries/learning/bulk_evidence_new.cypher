// Bulk write of NEW evidence (ids checked free): $evidence [{id, experiment, props (with the id)}],
// each YIELDED by its experiment. CREATE, not MERGE: the fast form of learning/bulk_evidence.
// Returns how many rows matched.
UNWIND $evidence AS row
MATCH (x:Experiment {id: row.experiment})
CREATE (x)-[:YIELDED]->(e:Evidence:Entity)
SET e = row.props
RETURN count(*) AS evidence

// Bulk write: evidence $evidence [{id, experiment, props}], each YIELDED by its experiment. Returns how
// many rows matched.
UNWIND $evidence AS row
MATCH (x:Experiment {id: row.experiment})
MERGE (e:Evidence {id: row.id})
SET e:Entity
SET e += row.props
MERGE (x)-[:YIELDED]->(e)
RETURN count(*) AS evidence

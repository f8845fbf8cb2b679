// Bulk benchmark's raw side: evidence as the bulk path writes it (Entity label, properties and
// version stamps, YIELDED by its experiment), no checks, no history (rows: experiment, props).
UNWIND $rows AS r
MATCH (x:Experiment {id: r.experiment})
CREATE (x)-[:YIELDED]->(e:Evidence:Entity)
SET e = r.props

// Bulk write of NEW experiments (ids checked free): $experiments [{id, cycle, props (with the id)}],
// each RUN by its cycle. CREATE, not MERGE: the fast form of learning/bulk_experiments. Returns how
// many rows matched.
UNWIND $experiments AS row
MATCH (c:LearningCycle {id: row.cycle})
CREATE (c)-[:RUNS]->(x:Experiment:Entity)
SET x = row.props
RETURN count(*) AS experiments

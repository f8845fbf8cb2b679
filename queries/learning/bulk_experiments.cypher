// Bulk write: experiments $experiments [{id, cycle, props}], each RUN by its cycle (MERGE on id: a
// stored one gets the row's properties again). Their links: learning/bulk_experiment_links.
// Returns how many rows matched.
UNWIND $experiments AS row
MATCH (c:LearningCycle {id: row.cycle})
MERGE (x:Experiment {id: row.id})
SET x:Entity
SET x += row.props
MERGE (c)-[:RUNS]->(x)
RETURN count(*) AS experiments

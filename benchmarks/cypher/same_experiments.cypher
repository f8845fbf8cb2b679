// Bulk benchmark's raw side: experiments as the bulk path writes them (Entity label, properties and
// version stamps, RUN by their cycle), no checks, no history (rows: cycle, props).
UNWIND $rows AS r
MATCH (c:LearningCycle {id: r.cycle})
CREATE (c)-[:RUNS]->(x:Experiment:Entity)
SET x = r.props

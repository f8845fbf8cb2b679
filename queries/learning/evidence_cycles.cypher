// The cycle that produced each evidence in $ids (the one that RUNS the experiment that YIELDED it).
UNWIND $ids AS wanted
MATCH (c:LearningCycle)-[:RUNS]->(:Experiment)-[:YIELDED]->(:Evidence {id: wanted})
RETURN wanted AS id, c.id AS cycle

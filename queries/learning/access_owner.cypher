// The learning cycle that owns node $id of label $label: the cycle itself, the cycle an element
// belongs to, that runs an experiment (or the experiment that yielded evidence), that held a
// session, decided a decision or raised a condition. Empty when the node does not exist.
MATCH (n {id: $id}) WHERE $label IN labels(n)
OPTIONAL MATCH (c:LearningCycle) WHERE c = n
OPTIONAL MATCH (e:LearningCycle)-[:HAS_ELEMENT|RUNS|HELD|DECIDED|RAISED]->(n)
OPTIONAL MATCH (y:LearningCycle)-[:RUNS]->(:Experiment)-[:YIELDED]->(n)
RETURN coalesce(c.id, e.id, y.id) AS cycle

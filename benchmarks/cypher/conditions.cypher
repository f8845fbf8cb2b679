// Benchmark data: conditions, who raised them, the experiments they block, the cycles they
// support, and who acts on them (rows: id, kind, status, raised_at, raised_by, blocks, supports,
// actors: [{cycle, action}]).
UNWIND $rows AS r
MATCH (raiser:LearningCycle {id: r.raised_by})
CREATE (raiser)-[:RAISED]->(c:Condition {id: r.id, kind: r.kind, description: 'condition ' + r.id,
                                         status: r.status, raised_at: r.raised_at})
WITH c, r
CALL (c, r) {
  UNWIND r.blocks AS target
  MATCH (e:Experiment {id: target})
  CREATE (c)-[:BLOCKS]->(e)
}
CALL (c, r) {
  UNWIND r.supports AS target
  MATCH (t:LearningCycle {id: target})
  CREATE (c)-[:SUPPORTS]->(t)
}
CALL (c, r) {
  UNWIND r.actors AS actor
  MATCH (a:LearningCycle {id: actor.cycle})
  CREATE (a)-[:ACTS_ON {action: actor.action}]->(c)
}

// The experiments a cycle ($cycle_id) runs, newest first, with the factors each intervenes on (names
// and systems): the explorer's cycle page. Read-only.
MATCH (:LearningCycle {id: $cycle_id})-[:RUNS]->(x:Experiment)
RETURN x.id AS id, x.question AS question, x.hypothesis AS hypothesis, x.status AS status,
       x.started_at AS started_at, x.outcome AS outcome,
       COLLECT { MATCH (x)-[:INTERVENES_ON]->(f:Factor)-[:PART_OF]->(s:OutcomeSystem)
                 RETURN {id: f.id, name: f.name, system: s.id} AS factor ORDER BY f.name } AS factors
ORDER BY x.started_at DESC, x.id

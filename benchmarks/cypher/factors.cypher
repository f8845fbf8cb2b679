// Benchmark data: one outcome system and its factors (ids: $factors).
MERGE (o:OutcomeSystem {id: $system})
  ON CREATE SET o.name = $system, o.outcome = 'benchmark outcome'
WITH o
UNWIND $factors AS id
CREATE (:Factor {id: id, name: id, description: ''})-[:PART_OF]->(o)

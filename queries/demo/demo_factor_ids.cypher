// Demo loader: the id of each factor the demo names ($factors, rows {experiment, system, name}),
// found by its name in its system (the pre-check made sure exactly one factor has it).
UNWIND $factors AS ref
MATCH (f:Factor {name: ref.name})-[:PART_OF]->(:OutcomeSystem {id: ref.system})
RETURN ref.experiment AS experiment, f.id AS id

// Demo loader, pre-check: which outcome systems ($systems, ids) and which factors ($factors, rows
// {experiment, system, name}) the demo names are not in the database, so the loader can refuse
// with their names. A factor is found when exactly one factor of that system has that name.
RETURN
  [sid IN $systems WHERE NOT EXISTS { MATCH (:OutcomeSystem {id: sid}) }] AS missing_systems,
  [ref IN $factors
    WHERE COUNT { MATCH (:Factor {name: ref.name})-[:PART_OF]->(:OutcomeSystem {id: ref.system}) } <> 1
    | ref] AS missing_factors

// Which of the candidate factor ids exist in this system.
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE f.id IN $ids
RETURN f.id AS id

// Another factor of this system (not $except_id) that already has this name.
MATCH (f:Factor {name: $factor_name})-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE f.id <> coalesce($except_id, '')
RETURN f.id AS id

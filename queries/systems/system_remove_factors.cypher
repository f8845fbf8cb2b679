// Deletes the factors of this system whose id is not in $keep, with every relationship they have.
MATCH (f:Factor)-[:PART_OF]->(:OutcomeSystem {id: $system_id})
WHERE NOT f.id IN $keep
DETACH DELETE f
RETURN count(*) AS deleted

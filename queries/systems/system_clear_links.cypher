// Deletes every INFLUENCES link that starts at a factor of this system.
MATCH (:OutcomeSystem {id: $system_id})<-[:PART_OF]-(:Factor)-[r:INFLUENCES]->(:Factor)
DELETE r
RETURN count(r) AS deleted

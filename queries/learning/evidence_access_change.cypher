// Record a change of evidence $id's sensitivity: an append-only AccessChange node with $change
// (at, evidence_id, from, to, actor_id, role, via, request_id), linked to the evidence. It stays
// when the evidence is deleted (the record of who widened what outlives the item).
MATCH (e:Evidence {id: $id})
CREATE (a:AccessChange)-[:CHANGED_ACCESS_OF]->(e)
SET a = $change
RETURN a.at AS at

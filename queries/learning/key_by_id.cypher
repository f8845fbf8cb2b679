// The key with id $id, with the actor it belongs to (none: no such key): a browser session names
// its key by id, and holds only while that key does.
MATCH (k:ApiKey {id: $id})
OPTIONAL MATCH (k)-[:KEY_OF]->(a:Actor)
RETURN k {.id, .name, .role, .expires_at, .revoked_at, actor_id: a.id} AS key

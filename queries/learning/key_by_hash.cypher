// The key whose secret hashes to $hash, with the actor it belongs to (none: no such key).
MATCH (k:ApiKey {hash: $hash})
OPTIONAL MATCH (k)-[:KEY_OF]->(a:Actor)
RETURN k {.id, .name, .role, .expires_at, .revoked_at, actor_id: a.id} AS key

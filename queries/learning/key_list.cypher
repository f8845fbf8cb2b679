// Every API key (never its hash), oldest first.
MATCH (k:ApiKey)
OPTIONAL MATCH (k)-[:KEY_OF]->(a:Actor)
RETURN k {.id, .name, .role, .created_at, .expires_at, .revoked_at, .last4, actor_id: a.id} AS key
ORDER BY k.created_at, k.id

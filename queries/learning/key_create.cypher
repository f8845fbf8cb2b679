// A new API key with properties $props (id, name, hash, role, created_at, expires_at, last4) for
// actor $actor (null: an admin key of the machine, held by no actor).
OPTIONAL MATCH (a:Actor {id: $actor})
CREATE (k:ApiKey)
SET k = $props
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (k)-[:KEY_OF]->(a))
RETURN k.id AS id

// Revoke key $id at $now (a key revoked before keeps its first revocation time).
MATCH (k:ApiKey {id: $id})
SET k.revoked_at = coalesce(k.revoked_at, $now)
RETURN k.id AS id, k.revoked_at AS revoked_at

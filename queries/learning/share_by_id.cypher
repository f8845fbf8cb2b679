// One share link by id, with the hash of its token (to check a presented token against).
MATCH (s:Share {id: $id})
RETURN s {.id, .path, .token_hash, .created_by, .key_id, .role, .created_at, .expires_at,
          .revoked_at} AS share

// Revoke share $id now (kept, so the list shows when; a second revoke keeps the first time).
MATCH (s:Share {id: $id})
SET s.revoked_at = coalesce(s.revoked_at, $now)
RETURN s {.id, .path, .created_by, .key_id, .role, .created_at, .expires_at, .revoked_at} AS share

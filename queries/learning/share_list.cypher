// Share links, newest first: those made by $actor / with key $key_id, or every one when $all.
MATCH (s:Share)
WHERE $all OR (s.created_by IS NOT NULL AND s.created_by = $actor) OR s.key_id = $key_id
RETURN s {.id, .path, .created_by, .key_id, .role, .created_at, .expires_at, .revoked_at} AS share
ORDER BY s.created_at DESC, s.id

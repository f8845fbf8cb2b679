// A share link (issue 13): read of one path as its creator, until it expires or is revoked. Only the
// hash of its token is kept.
CREATE (s:Share)
SET s = $props
RETURN s {.id, .path, .created_by, .key_id, .role, .created_at, .expires_at, .revoked_at} AS share

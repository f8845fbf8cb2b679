// Consume a login token: the write lock is taken first (SET), so of two requests racing with the
// same link only the first sees used_at null. Returns the token as it was before this use.
MATCH (t:LoginToken {nonce_hash: $nonce_hash})
SET t.touched_at = $now
WITH t, t.used_at AS used_before
SET t.used_at = coalesce(t.used_at, $now)
RETURN t {.id, .key_id, .expires_at, used_at: used_before} AS token

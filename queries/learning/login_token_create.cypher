// A one-time login link's token (issue 13): only the hash of its nonce is kept, with the key it
// logs in as and when it stops working.
CREATE (t:LoginToken {id: $id, nonce_hash: $nonce_hash, key_id: $key_id, created_at: $now,
                      expires_at: $expires_at, used_at: null})
RETURN t.id AS id

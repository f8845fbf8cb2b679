// One page of the trash, newest first (expired entries left out; they are purged on the next delete).
MATCH (t:TrashEntry) WHERE t.expires_at >= $now
WITH t ORDER BY t.at DESC, t.id
WITH collect(t {.id, .at, .by, .request_id, .kind, .entity, .expires_at, .node_count,
                .relationship_count, .summary}) AS found
RETURN size(found) AS total, found[$offset..$offset + $limit] AS items

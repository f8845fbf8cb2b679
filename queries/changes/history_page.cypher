// One page of the history, newest first, filtered by entity id, kind, actor and time (a null filter
// matches every change).
MATCH (c:Change)
WHERE ($entity IS NULL OR c.entity = $entity) AND ($kind IS NULL OR c.kind = $kind)
  AND ($actor IS NULL OR c.actor = $actor) AND ($since IS NULL OR c.at >= $since)
WITH c ORDER BY c.at DESC, c.id DESC
WITH collect(c) AS found
RETURN size(found) AS total, [x IN found[$offset..$offset + $limit] | properties(x)] AS items

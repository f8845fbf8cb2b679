// changes/history_page for one entity ($entity not null): its changes found through the `entity`
// index, then filtered by kind, actor and time like the others.
CALL () {
  MATCH (c:Change {entity: $entity})
  WHERE ($kind IS NULL OR c.kind = $kind) AND ($actor IS NULL OR c.actor = $actor)
    AND ($since IS NULL OR c.at >= $since)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Change {entity: $entity})
  WHERE ($kind IS NULL OR c.kind = $kind) AND ($actor IS NULL OR c.actor = $actor)
    AND ($since IS NULL OR c.at >= $since)
  WITH c ORDER BY c.at DESC, c.id DESC SKIP $offset LIMIT $limit
  RETURN collect(properties(c)) AS items
}
RETURN total, items

// changes/history_page for one actor ($actor not null, no entity): that actor's changes found
// through the `actor` index, then filtered by kind and time like the others.
CALL () {
  MATCH (c:Change {actor: $actor})
  WHERE ($kind IS NULL OR c.kind = $kind) AND ($since IS NULL OR c.at >= $since)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Change {actor: $actor})
  WHERE ($kind IS NULL OR c.kind = $kind) AND ($since IS NULL OR c.at >= $since)
  WITH c ORDER BY c.at DESC, c.id DESC SKIP $offset LIMIT $limit
  RETURN collect(properties(c)) AS items
}
RETURN total, items

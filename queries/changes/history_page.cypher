// One page of the history, newest first, filtered by entity id, kind, actor and time (a null filter
// matches every change): the total counted, the page read newest first along the `at` index (no
// list of every change is built). With an entity or an actor, history_page_of_entity /
// history_page_of_actor start from that index instead.
CALL () {
  MATCH (c:Change)
  WHERE ($entity IS NULL OR c.entity = $entity) AND ($kind IS NULL OR c.kind = $kind)
    AND ($actor IS NULL OR c.actor = $actor) AND ($since IS NULL OR c.at >= $since)
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Change)
  WHERE c.at >= coalesce($since, '') AND ($entity IS NULL OR c.entity = $entity)
    AND ($kind IS NULL OR c.kind = $kind) AND ($actor IS NULL OR c.actor = $actor)
  WITH c ORDER BY c.at DESC, c.id DESC SKIP $offset LIMIT $limit
  RETURN collect(properties(c)) AS items
}
RETURN total, items

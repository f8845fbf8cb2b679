// The last change $actor made that is neither an undo (its Change has `undoes`) nor undone yet,
// with the other changes of the same request (the local machine's changes count one by one: they
// share one request id).
// Newest first, then the first not undone: the look-up (indexed on `undoes`) stops at the first
// one instead of running for every change the actor ever made.
MATCH (c:Change {actor: $actor})
WHERE c.undoes IS NULL
WITH c ORDER BY c.at DESC, c.id DESC
WHERE NOT EXISTS { MATCH (:Change {undoes: c.id}) }
WITH c LIMIT 1
OPTIONAL MATCH (same:Change {request_id: c.request_id, actor: $actor})
WHERE c.request_id <> 'local' AND same.undoes IS NULL AND NOT EXISTS { MATCH (:Change {undoes: same.id}) }
WITH c, collect(properties(same)) AS others
RETURN CASE WHEN size(others) = 0 THEN [properties(c)] ELSE others END AS changes

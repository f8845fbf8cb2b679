// The last change $actor made that is neither an undo (its Change has `undoes`) nor undone yet,
// with the other changes of the same request (the local machine's changes count one by one: they
// share one request id).
MATCH (c:Change {actor: $actor})
WHERE c.undoes IS NULL AND NOT EXISTS { MATCH (:Change {undoes: c.id}) }
WITH c ORDER BY c.at DESC, c.id DESC LIMIT 1
OPTIONAL MATCH (same:Change {request_id: c.request_id, actor: $actor})
WHERE c.request_id <> 'local' AND same.undoes IS NULL AND NOT EXISTS { MATCH (:Change {undoes: same.id}) }
WITH c, collect(properties(same)) AS others
RETURN CASE WHEN size(others) = 0 THEN [properties(c)] ELSE others END AS changes

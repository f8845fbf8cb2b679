// The trash entry a request's delete of entity $entity made (newest first: the local machine's
// requests share one request id).
MATCH (t:TrashEntry {request_id: $request_id})
WHERE t.entity = $entity AND t.expires_at >= $now
RETURN t.id AS id ORDER BY t.at DESC LIMIT 1

// The trash entry a request's delete made (newest first, when one request deleted more than one).
MATCH (t:TrashEntry {request_id: $request_id}) WHERE t.expires_at >= $now
RETURN t.id AS id ORDER BY t.at DESC LIMIT 1

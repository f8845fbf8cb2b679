// The import reports of one system, newest first (ties: by id, so the order is stable).
MATCH (r:ImportReport {system: $system_id})
RETURN r {.*} AS report
ORDER BY r.at DESC, r.id DESC
SKIP $offset
LIMIT $limit

// One trash entry, whole (no row when there is none or it expired).
MATCH (t:TrashEntry {id: $id}) WHERE t.expires_at >= $now
RETURN properties(t) AS entry

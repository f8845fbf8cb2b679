// Stamps the INFLUENCES link $source -> $target with its new version, when and by whom.
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
SET r.version = $version, r.updated_at = $at, r.updated_by = $by
RETURN properties(r) AS props

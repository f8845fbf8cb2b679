// Stamps node $id of label $label with its new version, when and by whom; answers its properties.
MATCH (n:$($label) {id: $id})
SET n.version = $version, n.updated_at = $at, n.updated_by = $by
RETURN properties(n) AS props

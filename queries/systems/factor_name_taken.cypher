// Another factor (not $except_id) that already has this name key (system id and normalised name).
MATCH (f:Factor {name_key: $name_key})
WHERE f.id <> coalesce($except_id, '')
RETURN f.id AS id

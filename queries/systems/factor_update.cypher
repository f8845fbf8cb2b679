// Changes some properties of a factor; a null value removes that property.
MATCH (f:Factor {id: $factor_id})
SET f += $changes
RETURN f.id AS id

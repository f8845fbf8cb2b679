// Replaces every property of node $id of label $label with $props (its labels and relationships stay).
MATCH (n:$($label) {id: $id})
SET n = $props
RETURN n.id AS id

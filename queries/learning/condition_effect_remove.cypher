// Condition $id no longer blocks or supports ($type: 'BLOCKS' or 'SUPPORTS') the node with id $target.
MATCH (:Condition {id: $id})-[r:BLOCKS|SUPPORTS]->(t)
WHERE t.id = $target AND type(r) = $type
DELETE r
RETURN count(*) AS removed

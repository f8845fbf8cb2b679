// Changes some properties of a link; a null value removes that property.
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
SET r += $changes
RETURN count(r) AS updated

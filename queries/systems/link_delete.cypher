// Deletes the link from one factor to another.
MATCH (:Factor {id: $source})-[r:INFLUENCES]->(:Factor {id: $target})
DELETE r
RETURN count(r) AS deleted

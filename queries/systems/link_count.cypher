// How many links a system has (optionally only from $source, to $target, of one $polarity).
MATCH (:OutcomeSystem {id: $system_id})<-[:PART_OF]-(a:Factor)-[r:INFLUENCES]->(b:Factor)
WHERE ($source IS NULL OR a.id = $source) AND ($target IS NULL OR b.id = $target)
  AND ($polarity IS NULL OR r.polarity = $polarity)
RETURN count(r) AS total

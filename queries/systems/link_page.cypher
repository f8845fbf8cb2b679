// One page of a system's links (same filters as link_count), by source then target id.
MATCH (:OutcomeSystem {id: $system_id})<-[:PART_OF]-(a:Factor)-[r:INFLUENCES]->(b:Factor)
WHERE ($source IS NULL OR a.id = $source) AND ($target IS NULL OR b.id = $target)
  AND ($polarity IS NULL OR r.polarity = $polarity)
WITH a, r, b ORDER BY a.id, b.id SKIP $offset LIMIT $limit
RETURN {source: a.id, source_name: a.name, target: b.id, target_name: b.name, props: properties(r)} AS link

// Every INFLUENCES link between factors of one system, with its properties, in the factor order of
// system_snapshot_factors. (The target's PART_OF is a WHERE, not part of the MATCH pattern: a
// self-loop would traverse one PART_OF twice, which a pattern does not allow.)
MATCH (s:OutcomeSystem {id: $system_id})<-[:PART_OF]-(a:Factor)-[r:INFLUENCES]->(b:Factor)
WHERE (b)-[:PART_OF]->(s)
RETURN a.id AS source, b.id AS target, properties(r) AS link
ORDER BY CASE WHEN a.local_id =~ '[0-9]{1,15}' THEN toInteger(a.local_id) END, a.local_id, a.id,
  CASE WHEN b.local_id =~ '[0-9]{1,15}' THEN toInteger(b.local_id) END, b.local_id, b.id

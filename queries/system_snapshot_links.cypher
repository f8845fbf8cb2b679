// Every INFLUENCES link between factors of one system, with its properties.
MATCH (s:OutcomeSystem {id: $system_id})<-[:PART_OF]-(a:Factor)-[r:INFLUENCES]->(b:Factor)-[:PART_OF]->(s)
RETURN a.id AS source, b.id AS target, properties(r) AS link
ORDER BY source, target

// Decision $id was informed by pattern $pattern (idempotent).
MATCH (d:Decision {id: $id}), (p:Pattern {id: $pattern})
MERGE (d)-[:INFORMED_BY]->(p)
RETURN d.id AS id

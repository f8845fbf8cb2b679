// Pattern $pattern surfaced in sensemaking session $id (idempotent).
MATCH (p:Pattern {id: $pattern}), (s:SensemakingSession {id: $id})
MERGE (p)-[:SURFACED_IN]->(s)
RETURN s.id AS id

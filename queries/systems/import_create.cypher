// Keeps the report of one import with its system: (:ImportReport)-[:REPORTS_ON]->(:OutcomeSystem).
MATCH (s:OutcomeSystem {id: $system_id})
CREATE (r:ImportReport {id: $id, system: $system_id, at: $at, format: $format, strict: $strict,
                        report_json: $report_json})
CREATE (r)-[:REPORTS_ON]->(s)
RETURN r.id AS id

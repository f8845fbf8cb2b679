// Benchmark data: patterns and the evidence they are derived from
// (rows: id, derived: [{evidence, stance}]).
UNWIND $rows AS r
CREATE (p:Pattern {id: r.id, statement: 'pattern ' + r.id, status: 'emerging'})
WITH p, r
UNWIND r.derived AS d
MATCH (ev:Evidence {id: d.evidence})
CREATE (p)-[:DERIVED_FROM {stance: d.stance}]->(ev)

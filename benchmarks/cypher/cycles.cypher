// Benchmark data: learning cycles at their scales (rows: id, scale).
UNWIND $rows AS r
MATCH (s:Scale {id: r.scale})
CREATE (:LearningCycle {id: r.id, name: r.id, purpose: 'benchmark', status: 'active',
                        created_at: '2024-01-01T00:00:00Z'})-[:AT_SCALE]->(s)

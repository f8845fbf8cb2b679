// A write that changes the database state and nothing any question reads: what makes the next
// answer of the API a cold one (its answer cache is kept per database state). Benchmarks only.
MERGE (t:BenchTick {id: 'tick'})
SET t.n = coalesce(t.n, 0) + 1

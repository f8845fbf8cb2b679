// Empties the benchmark database in batches (one transaction would run out of memory on a large
// one). Auto-commit only (CALL ... IN TRANSACTIONS). Benchmarks only: never the service's data.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

// Empties the benchmark database, first step: every relationship in batches, so that no batch of the
// node step (wipe.cypher) detaches a node with 100,000s of relationships in one transaction (a scale
// or a factor of a 110k-cycle database ran out of transaction memory). Auto-commit only.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS

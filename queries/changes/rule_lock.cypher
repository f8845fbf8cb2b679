// Takes the one lock of rule $name (a singleton node, unique by name): transactions that check the
// rule (no loop in NEXT_ITERATION, say) run one after another, each seeing what the last committed.
MERGE (l:HlsLock {name: $name})
SET l._hls_lock = true
REMOVE l._hls_lock
RETURN l.name AS name

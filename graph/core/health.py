"""What the service says about its database: the Neo4j version and edition, and how many nodes of
each label it holds. One read transaction, so the counts are a consistent picture."""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run


def server_health_tx(tx: ManagedTransaction) -> dict[str, Any]:
    """``{"version", "edition", "counts": {label: n}}``; driver errors propagate (the caller decides
    what an unreachable database means for its answer)."""
    version = run(tx, "schema/server_version")[0]
    counts = run(tx, "schema/health_counts")[0]
    return {**version, "counts": counts}


server_health = reads(server_health_tx)

"""hls-graph: Human Learning Systems in Neo4j.

For notebooks and scripts, the same database and named queries as the service::

    from graph import connect, named_query
    graph = connect()                      # NEO4J_URI, or the local Neo4j (started if needed)
    named_query("schema/health_counts", as_frame=True)

These names are loaded on first use (see :mod:`graph.notebook`), so ``import graph`` stays cheap.
"""

from __future__ import annotations

from typing import Any

# Public helpers re-exported from graph.notebook, imported lazily (PEP 562).
_NOTEBOOK_NAMES = {
    "connect", "named_query", "named_result", "query_names", "query_text", "query_parameters",
    "run_cypher", "draw", "draw_query", "inline",
}
__all__ = sorted(_NOTEBOOK_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NOTEBOOK_NAMES:
        from graph import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")

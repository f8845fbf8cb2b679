"""Notebooks and scripts: the same database and named queries as the service (:mod:`.helpers`) and
the ``%%cypher`` magic (:mod:`.magic`, loaded with ``%load_ext graph.notebook``).

>>> from graph.notebook import connect, named_query          # doctest: +SKIP
>>> named_query("schema/health_counts")[0]["Scale"]          # doctest: +SKIP
5
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from graph.notebook.helpers import (
    CypherResult,
    Table,
    WriteRefused,
    api_headers,
    api_in_background,
    connect,
    current_graph,
    cypher_parameters,
    draw,
    draw_query,
    inline,
    map_document,
    named_query,
    named_result,
    notebook_settings,
    query_names,
    query_parameters,
    query_text,
    run_cypher,
    subgraph_of,
    table,
    to_frame,
    use,
)

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

__all__ = [
    "CypherResult", "Table", "WriteRefused", "api_headers", "api_in_background", "connect", "current_graph",
    "cypher_parameters", "draw", "draw_query", "inline", "load_ipython_extension", "map_document",
    "named_query", "named_result", "notebook_settings", "query_names", "query_parameters",
    "query_text", "run_cypher", "subgraph_of", "table", "to_frame", "use",
]


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """``%load_ext graph.notebook``: registers ``%%cypher`` and ``%cypher``.

    Also quiets the driver's own log of server notifications (a raw dump under every cell that
    runs a loader); ``%%cypher`` shows the notifications of its query itself, in one line each."""
    from graph.notebook.magic import CypherMagics

    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    ipython.register_magics(CypherMagics)

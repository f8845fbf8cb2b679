"""Helpers for notebooks and scripts: the same database and the same named queries as the service.

>>> from graph import connect, named_query          # doctest: +SKIP
>>> graph = connect()   # doctest: +SKIP
>>> named_query("schema/health_counts")[0]["Scale"]          # doctest: +SKIP
5
>>> frame = named_query("schema/health_counts", as_frame=True)       # doctest: +SKIP

``connect()`` uses ``NEO4J_URI`` when set, else the local Neo4j (started if needed); ``as_frame=True``
answers a pandas DataFrame.

``%load_ext graph.notebook`` adds the ``%%cypher`` / ``%cypher`` magics (see :mod:`graph.notebook.magic`).
Everything runs in a read transaction unless asked to write, so a read can be routed to a cluster's
secondaries and an analyst cannot change the data by accident.
"""

from __future__ import annotations

import html
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neo4j import GqlStatusObject, ManagedTransaction, NotificationSeverity, Record
from neo4j.exceptions import Neo4jError
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

import queries
from graph.core.db import Graph, ensure_running
from graph.core.db import connect as connect_graph
from graph.core.settings import Settings

if TYPE_CHECKING:
    from IPython.display import HTML

# The repository (an editable install): the service's `.env` and `.data/neo4j` live here, and a
# notebook kernel runs in notebooks/, so relative paths are taken from here, not from the kernel.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ACCESS_MODE_ERROR = "Neo.ClientError.Statement.AccessMode"
PANDAS_MISSING = (
    "as_frame=True needs pandas, which is not installed here: "
    "`pip install pandas` (or the project's notebook extra: `pip install -e '.[notebook]'`)"
)

# What Cypher ignores when looking for $parameters: strings, quoted names and comments.
SKIPPED = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)
PARAMETER = re.compile(r"\$(\w+)")

_current: Graph | None = None
_current_settings: Settings | None = None


class WriteRefused(RuntimeError):
    """A query that writes was run in read mode; nothing was changed (the transaction rolled back)."""


# --- connection ----------------------------------------------------------------------------------


def notebook_settings() -> Settings:
    """The service's settings (environment, then the project's ``.env``), with a relative local
    data folder taken from the project root so a kernel in ``notebooks/`` finds the same Neo4j."""
    is_project = (PROJECT_ROOT / "pyproject.toml").is_file()
    env_file = Path(".env") if Path(".env").is_file() or not is_project else PROJECT_ROOT / ".env"
    settings = Settings(_env_file=env_file)
    if is_project and not settings.hls_data_dir.is_absolute():
        settings = settings.model_copy(update={"hls_data_dir": PROJECT_ROOT / settings.hls_data_dir})
    return settings


def connect(settings: Settings | None = None, *, refresh: bool = False) -> Graph:
    """The :class:`graph.core.db.Graph` the service would use (``NEO4J_URI``, or the local Neo4j, which
    is started if it does not run yet). Later calls return the same connection unless ``settings``
    or ``refresh=True`` ask for a new one; the ``%%cypher`` magic uses the latest one."""
    global _current, _current_settings
    if _current is None or settings is not None or refresh:
        _current_settings = settings or notebook_settings()
        ensure_running(_current_settings)  # a notebook means the local Neo4j when no NEO4J_URI is set
        _current = connect_graph(_current_settings)
    return _current


def use(graph: Graph) -> Graph:
    """Make an existing :class:`Graph` the one ``named_query`` and ``%%cypher`` use."""
    global _current, _current_settings
    _current, _current_settings = graph, None
    return graph


def current_graph() -> Graph:
    """The connection in use, connecting with the service's settings on first use."""
    return _current if _current is not None else connect()


# --- named queries -------------------------------------------------------------------------------


def query_names() -> list[str]:
    """The names of every query in ``queries/`` (the service's own)."""
    return queries.names()


def query_text(name: str) -> str:
    """The Cypher text of the named query, exactly as the service runs it."""
    return queries.load(name)


def cypher_parameters(text: str) -> list[str]:
    """The ``$parameters`` a Cypher text uses, in order of first use (not those in strings or
    comments)."""
    names: list[str] = []
    for name in PARAMETER.findall(SKIPPED.sub(" ", text)):
        if name not in names:
            names.append(name)
    return names


def query_parameters(name: str) -> list[str]:
    """The ``$parameters`` the named query takes, in order of first use."""
    return cypher_parameters(queries.load(name))


@dataclass
class CypherResult:
    """What a query returned: its columns, the records, and the query type Neo4j reported
    (``r`` read, ``rw`` read-write, ``w`` write, ``s`` schema) with the update counters."""

    keys: list[str]
    records: list[Record]
    query_type: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    # Neo4j's warnings and hints about the query (deprecations, cartesian products …) with place.
    notifications: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """Each record as a plain dict (a node becomes its properties)."""
        return [record.data() for record in self.records]

    def frame(self) -> Any:
        """The rows as a pandas DataFrame (columns in the query's order)."""
        return to_frame(self.rows(), self.keys)

    def subgraph(self) -> tuple[list[Node], list[Relationship]]:
        return subgraph_of(self.records)


def run_cypher(
    text: str, params: Mapping[str, Any] | None = None, *, write: bool = False, graph: Graph | None = None
) -> CypherResult:
    """Run Cypher text in one read transaction (or a write transaction when ``write``).

    A write attempted in read mode is refused by Neo4j and rolled back; that refusal is raised as
    :class:`WriteRefused`. Other Cypher errors are Neo4j's own exceptions (message with line and
    column)."""
    graph = graph or current_graph()

    def work(tx: ManagedTransaction) -> CypherResult:
        result = tx.run(text, dict(params or {}))
        records = list(result)
        summary = result.consume()
        # (contains_updates and friends are flags, not counts)
        counters = {k: v for k, v in vars(summary.counters).items() if type(v) is int and v}
        notes = [_notification(status) for status in summary.gql_status_objects if status.is_notification
                 and status.severity in (NotificationSeverity.WARNING, NotificationSeverity.INFORMATION)]
        return CypherResult(list(result.keys()), records, summary.query_type, counters, notes)

    try:
        return graph.write_tx(work) if write else graph.read_tx(work)
    except Neo4jError as exc:
        if not write and exc.code == ACCESS_MODE_ERROR:
            raise WriteRefused(
                "refused: this query writes, and it ran in a read transaction, so nothing was "
                "changed (Neo4j: " + (exc.message or "writing in read access mode not allowed") + ")"
            ) from None
        raise


def _notification(status: GqlStatusObject) -> str:
    where = status.position
    return status.status_description + (f" (line {where.line}, column {where.column})" if where else "")


def named_query(
    name: str, /, *, graph: Graph | None = None, as_frame: bool = False, write: bool = False,
    params: Mapping[str, Any] | None = None, **kwargs: Any,
) -> Any:
    """Run ``queries/<name>.cypher`` with parameters; rows as a list of dicts, or a DataFrame.

    Parameters come as keywords (``named_query("x", cycle_id="c1")``) or, for a parameter whose
    name clashes with an option here, in ``params={...}``. Read transaction unless ``write=True``.
    """
    result = run_cypher(queries.load(name), {**(params or {}), **kwargs}, write=write, graph=graph)
    return result.frame() if as_frame else result.rows()


def named_result(
    name: str, /, *, graph: Graph | None = None, write: bool = False,
    params: Mapping[str, Any] | None = None, **kwargs: Any,
) -> CypherResult:
    """Like :func:`named_query`, but the full :class:`CypherResult` (records keep nodes and
    relationships, e.g. to :func:`draw` them)."""
    return run_cypher(queries.load(name), {**(params or {}), **kwargs}, write=write, graph=graph)


# --- tables --------------------------------------------------------------------------------------


def to_frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    """A pandas DataFrame of ``rows``; a clear ImportError when pandas is missing."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(PANDAS_MISSING) from exc
    return pd.DataFrame(rows, columns=columns or None)


@dataclass
class Table:
    """An HTML table of rows, for when pandas is not installed (Jupyter shows ``_repr_html_``)."""

    columns: list[str]
    rows: list[dict[str, Any]]

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(row.get(c)))}</td>" for c in self.columns) + "</tr>"
            for row in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        return f"Table({len(self.rows)} rows: {', '.join(self.columns)})"


def table(result: CypherResult) -> Any:
    """The result as a DataFrame when pandas is installed, else as an HTML :class:`Table`."""
    try:
        return result.frame()
    except ImportError:
        return Table(result.keys, result.rows())


# --- maps ----------------------------------------------------------------------------------------


def subgraph_of(values: Iterable[Any]) -> tuple[list[Node], list[Relationship]]:
    """Every node and relationship in ``values`` (records, lists, maps and paths, nested), once each,
    in the order they appear; the end nodes of a relationship count as returned."""
    nodes: dict[str, Node] = {}
    relationships: dict[str, Relationship] = {}

    def visit(value: Any) -> None:
        if isinstance(value, Node):
            nodes.setdefault(value.element_id, value)
        elif isinstance(value, Relationship):
            relationships.setdefault(value.element_id, value)
            for end in (value.start_node, value.end_node):
                if end is not None:
                    visit(end)
        elif isinstance(value, GraphPath):
            for part in (*value.nodes, *value.relationships):
                visit(part)
        elif isinstance(value, Record | Mapping):
            for item in value.values():
                visit(item)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)

    for value in values:
        visit(value)
    return list(nodes.values()), list(relationships.values())


def inline(document: str, height: int = 560) -> HTML:
    """Show a whole HTML document inline in an iframe's ``srcdoc``: it runs in the notebook
    without being written anywhere or fetched from anywhere (offline)."""
    from IPython.display import HTML

    # (wrapped in a div: IPython warns about bare iframes, and suggests IFrame, which needs a URL)
    return HTML(
        f'<div><iframe srcdoc="{html.escape(document, quote=True)}" style="width:100%;height:{height}px;'
        'border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>'
    )


def map_document(nodes: list[Node], relationships: list[Relationship], title: str = "Query result") -> str:
    """A self-contained HTML map of nodes and relationships (drawn with ``viz``'s map page)."""
    from viz.result_map import result_map_html

    return result_map_html(nodes, relationships, title=title)


def draw(result: CypherResult | Iterable[Any], title: str = "Query result", height: int = 560) -> HTML:
    """Draw the nodes and relationships of a result as an inline, offline map."""
    values = result.records if isinstance(result, CypherResult) else result
    nodes, relationships = subgraph_of(values)
    return inline(map_document(nodes, relationships, title=title), height=height)


def draw_query(name: str, /, *, title: str | None = None, graph: Graph | None = None, **params: Any) -> HTML:
    """Run the named query (read transaction) and draw the nodes and relationships it returns."""
    return draw(named_result(name, graph=graph, **params), title=title or name)


# --- the HTTP API, in process ---------------------------------------------------------------------


def api_headers(settings: Settings | None = None) -> dict[str, str]:
    """Headers that call the API as the local admin (the key ``hls-graph serve`` keeps in the data
    folder); empty (an anonymous caller: public data only) when this machine has none."""
    from graph.learning.local_admin import read_local_key

    secret = read_local_key(settings or _current_settings or notebook_settings())
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def _as_local_admin(app: Any, settings: Settings) -> Any:
    """``app`` answering requests that prove no identity as the local user: with the local admin
    key (sent for them, as ``api_headers()`` would) when it holds in this database, else as the
    notebook itself acts (``graph.core.acting.LOCAL``, an admin: like ``named_query``)."""
    from graph.core.acting import LOCAL
    from graph.core.errors import Unauthorized
    from graph.learning import keys

    headers = api_headers(settings)
    if headers:  # a key kept from another database (or revoked) would answer 401 to everything
        probe = connect_graph(settings)
        try:
            keys.caller_for(probe, headers["Authorization"].removeprefix("Bearer "))
        except Unauthorized:
            headers = {}
        finally:
            probe.close()
    if not headers:
        app.state.default_caller = LOCAL
        return app
    bearer = headers["Authorization"].encode()

    async def sending_the_key(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not any(name in (b"authorization", b"cookie")
                                               for name, _ in scope["headers"]):
            scope = {**scope, "headers": [*scope["headers"], (b"authorization", bearer)]}
        await app(scope, receive, send)

    return sending_the_key


@contextmanager
def api_in_background(settings: Settings | None = None, timeout: float = 30.0, *,
                      as_local_admin: bool = True) -> Iterator[str]:
    """The service's HTTP API on a free local port, in a thread of this process, on the database
    ``connect()`` uses; yields its base URL (``http://127.0.0.1:<port>``) and stops it after.

    Requests that send no key nor cookie act as the local user (``as_local_admin``, the default, so
    notebooks read and write as before the API asked who calls); ``as_local_admin=False`` serves
    them as the anonymous caller. Only this machine can reach the port, only while it runs."""
    import uvicorn

    from app.main import create_app

    settings = settings or _current_settings or notebook_settings()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app: Any = create_app(settings)
    if as_local_admin:
        app = _as_local_admin(app, settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="hls-graph-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the API did not start on port {port} within {timeout:.0f} s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)

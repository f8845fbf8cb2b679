"""Neo4j access: one driver, named queries, managed transactions, ``database_`` always set.

>>> from graph.core.db import connect, ensure_running      # doctest: +SKIP
>>> ensure_running(get_settings())      # doctest: +SKIP
>>> graph = connect()                   # doctest: +SKIP
>>> graph.read("schema/health_counts")[0]["Scale"]          # doctest: +SKIP
5
"""

from __future__ import annotations

import contextvars
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Concatenate, ParamSpec, TypeVar

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    Bookmarks,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Record,
    Session,
)
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired

import queries
from graph.core import local_neo4j
from graph.core.errors import AppError
from graph.core.settings import Settings, get_settings

T = TypeVar("T")
P = ParamSpec("P")

# The five HLS system scales a new database starts with (guide §2.2).
DEFAULT_SCALES = [
    {"id": "person", "name": "Person/Practitioner", "level": 1},
    {"id": "team", "name": "Team", "level": 2},
    {"id": "organisation", "name": "Organisation", "level": 3},
    {"id": "place", "name": "Place", "level": 4},
    {"id": "region", "name": "Region/Country", "level": 5},
]


# Graph.read_parallel: threads shared by every Graph of the process (each part of an answer mostly
# waits on Neo4j, not on Python).
PARALLEL_READS = 8
_pools: dict[int, ThreadPoolExecutor] = {}
_pool_lock = threading.Lock()


def _read_pool() -> ThreadPoolExecutor:
    """This process's pool for :meth:`Graph.read_parallel`, made on first use (keyed by process id:
    a forked child, which inherits the object but not its threads, makes its own)."""
    with _pool_lock:
        pool = _pools.get(os.getpid())
        if pool is None:
            pool = _pools[os.getpid()] = ThreadPoolExecutor(PARALLEL_READS, thread_name_prefix="hls-read")
        return pool


def run(tx: ManagedTransaction, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """Run the named query inside ``tx``; rows as plain dicts."""
    return [record.data() for record in tx.run(queries.load(name), params)]


def run_lean(tx: ManagedTransaction, name: str, /, **params: Any) -> list[dict[str, Any]]:
    """:func:`run` for queries that return only values, lists and maps of them (no nodes): each row
    is ``dict(record)``, without ``record.data()``'s walk over every nested value — on answers of
    thousands of lists that walk costs as much as the query (issue 17)."""
    return [dict(record) for record in tx.run(queries.load(name), params)]


def run_records(tx: ManagedTransaction, name: str, /, **params: Any) -> list[Record]:
    """Run the named query inside ``tx``; rows as driver records (nodes keep their labels)."""
    return list(tx.run(queries.load(name), params))


class Causal:
    """Read-your-writes across requests, processes and cluster members: the bookmarks a request
    brought (``sent``: the transactions it must see) and the ones its writes left (``written``).

    The API's middleware (app/bookmarks.py) makes one per request from the ``X-HLS-Bookmark`` header
    and answers ``written`` in the same header; every session :class:`Graph` opens meanwhile starts
    after those transactions (on a cluster, a follower waits until it has them)."""

    def __init__(self, sent: Iterable[str] = ()) -> None:
        self.sent = [b for b in sent if b]
        self.written: list[str] = []

    @property
    def bookmarks(self) -> list[str]:
        return self.written or self.sent


_causal: ContextVar[Causal | None] = ContextVar("hls_causal", default=None)
# The database states the read transactions of a :func:`read_states` block saw (None: not recording).
_read_states: ContextVar[list[frozenset[str]] | None] = ContextVar("hls_read_states", default=None)


@contextmanager
def read_states() -> Iterator[list[frozenset[str]]]:
    """Record the database state (:meth:`Graph.read_versioned`) each :meth:`Graph.read_tx` inside
    ended at (in this thread or a :meth:`Graph.read_parallel` part): a cache of answers
    (app/answer_cache.py) keeps an answer only when these all equal the state before it read,
    without changing the functions that read it."""
    seen: list[frozenset[str]] = []
    token = _read_states.set(seen)
    try:
        yield seen
    finally:
        _read_states.reset(token)


@contextmanager
def causally_after(bookmarks: Iterable[str] = ()) -> Iterator[Causal]:
    """Every transaction inside starts after ``bookmarks`` and after the writes made inside."""
    causal = Causal(bookmarks)
    token = _causal.set(causal)
    try:
        yield causal
    finally:
        _causal.reset(token)


class InvalidBookmark(AppError):
    def __init__(self, detail: str) -> None:
        super().__init__(400, "invalid_bookmark", f"the X-HLS-Bookmark sent is not a bookmark of this "
                         f"database: {detail}")


def before_commit(tx: ManagedTransaction, key: str, hook: Callable[[ManagedTransaction], None]) -> None:
    """Run ``hook(tx)`` once, after the work of this write transaction and before it commits (the
    history of what the work changed is written so, whatever code path made the change). One hook
    per ``key``; a retried transaction is a new ``tx``, so hooks never leak between attempts."""
    hooks: dict[str, Callable[[ManagedTransaction], None]] = tx.__dict__.setdefault("_hls_hooks", {})
    hooks.setdefault(key, hook)


def _with_hooks(tx: ManagedTransaction, work: Callable[[ManagedTransaction], T]) -> T:
    result = work(tx)
    for hook in list(tx.__dict__.get("_hls_hooks", {}).values()):
        hook(tx)
    return result


# How long one look at whether Neo4j answers stands for every request: a request while Neo4j is
# down fails at once instead of retrying for ``neo4j_retry_seconds`` (issue 15: 13–16 s per request).
REACHABLE_FOR_SECONDS = 1.5


class Graph:
    """A driver bound to one database. Reads go through read transactions (routable).

    Before a transaction, :meth:`up` (cached for :data:`REACHABLE_FOR_SECONDS`) says whether Neo4j
    answers; when it does not, the transaction raises ``ServiceUnavailable`` at once (the API's 503)
    rather than spending the driver's whole retry time on a database that is not there.
    """

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.ever_up = False  # has Neo4j answered since this Graph was made ("starting" until then)
        self._up = False
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def up(self) -> bool:
        """Does Neo4j answer? One quick connection attempt, at most every REACHABLE_FOR_SECONDS."""
        if time.monotonic() - self._checked < REACHABLE_FOR_SECONDS:
            return self._up
        with self._lock:
            if time.monotonic() - self._checked >= REACHABLE_FOR_SECONDS:
                self._up = self.reachable()
                self._checked = time.monotonic()
        return self._up

    def mark_down(self) -> None:
        """A transaction found Neo4j gone: the next requests fail fast until a look says otherwise."""
        self._up, self._checked = False, time.monotonic()

    def _require_up(self) -> None:
        if not self.up():
            raise ServiceUnavailable("Neo4j did not answer a connection attempt just now")

    def read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return self.read_tx(lambda tx: run(tx, name, **params))

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        return self.write_tx(lambda tx: run(tx, name, **params))

    @contextmanager
    def _session(self, mode: str = WRITE_ACCESS) -> Iterator[Session]:
        """A session on this database that starts after the request's bookmarks (:class:`Causal`),
        and records the bookmark of what it wrote there. ``mode``: where its auto-commit queries go
        (managed transactions choose for themselves)."""
        causal = _causal.get()
        if causal is None or not causal.bookmarks:
            with self.driver.session(database=self.database, default_access_mode=mode) as session:
                yield session
            return
        try:
            with self.driver.session(database=self.database, default_access_mode=mode,
                                     bookmarks=Bookmarks.from_raw_values(causal.bookmarks)) as session:
                yield session
        except ClientError as exc:
            if "bookmark" in (exc.code or "").lower():
                raise InvalidBookmark(exc.message or exc.code or "") from None
            raise

    def _wrote(self, session: Session) -> None:
        causal = _causal.get()
        if causal is not None:
            causal.written = list(session.last_bookmarks().raw_values)

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        self._require_up()
        with self._session() as session:
            result = session.execute_read(work)
            seen = _read_states.get()
            if seen is not None:
                seen.append(frozenset(session.last_bookmarks().raw_values))
            return result

    def read_versioned(self, work: Callable[[ManagedTransaction], T]) -> tuple[T, frozenset[str]]:
        """``work`` in a read transaction, and the state of the database it read: the bookmark Neo4j
        answers (it names the last transaction committed), the same until anything is written."""
        self._require_up()
        with self._session() as session:
            result = session.execute_read(work)
            return result, frozenset(session.last_bookmarks().raw_values)

    def read_parallel(self, works: Sequence[Callable[[ManagedTransaction], Any]]) -> list[Any]:
        """Each of ``works`` (independent, read-only) in its own read transaction, side by side, so
        one answer's queries use the server's cores together (issue 17: learn-from-below at region
        scale 407 -> 212 ms on 2 cores); their results in order, the first error raised once every
        part has finished. Each part runs in a copy of the caller's context (who acts, the request's
        bookmarks, :func:`read_states`, which gets every part's state).

        As consistent as the parts in one transaction would be: Neo4j reads committed data, so a
        write committed meanwhile may be seen by some parts and not others either way (the answer
        cache keeps an answer only when no write landed while it was read: app/answer_cache.py).
        A part must not call ``read_parallel`` itself (the pool's threads would wait on each other)."""
        futures = [_read_pool().submit(contextvars.copy_context().run, self.read_tx, work)
                   for work in works]
        wait(futures)
        for future in futures:
            error = future.exception()
            if error is not None:
                raise error
        return [future.result() for future in futures]

    def version(self) -> frozenset[str]:
        """The database's state now (see :meth:`read_versioned`): one small read round trip — an
        auto-commit read (RUN and PULL in one trip; a managed transaction adds a COMMIT trip:
        2.5 ms against 1.0 ms measured), whose bookmark is the one a read transaction gets."""
        self._require_up()
        with self._session(READ_ACCESS) as session:
            session.run(queries.load("schema/ping")).consume()
            return frozenset(session.last_bookmarks().raw_values)

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """One logical change = one transaction: ``work`` commits whole or not at all. The
        :func:`before_commit` hooks ``work`` registered run last, inside the same transaction."""
        self._require_up()
        with self._session() as session:
            result = session.execute_write(lambda tx: _with_hooks(tx, work))
            self._wrote(session)
            return result

    def reachable(self) -> bool:
        """One quick connection attempt, no retries (a managed transaction retries for seconds)."""
        try:
            self.driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, OSError):
            self._up, self._checked = False, time.monotonic()
            return False
        self.ever_up = self._up = True
        self._checked = time.monotonic()
        return True

    def close(self) -> None:
        self.driver.close()


def _owning(
    work: Callable[Concatenate[ManagedTransaction, P], T], mode: str,
) -> Callable[Concatenate[Graph, P], T]:
    """``work`` (a function of a transaction) as a function of a :class:`Graph` that opens the
    ``mode`` ("read" or "write") transaction itself; named like ``work`` without its ``_tx``."""

    def on_graph(graph: Graph, /, *args: P.args, **kwargs: P.kwargs) -> T:
        open_tx = graph.read_tx if mode == "read" else graph.write_tx
        return open_tx(lambda tx: work(tx, *args, **kwargs))

    name = work.__name__.removesuffix("_tx")
    on_graph.__name__, on_graph.__qualname__, on_graph.__module__ = name, name, work.__module__
    on_graph.__doc__ = (
        f"{(work.__doc__ or '').strip()}\n\nOwns its {mode} transaction; ``{work.__name__}(tx, ...)`` "
        "does the same inside a caller's transaction, to compose a larger change."
    ).strip()
    return on_graph


def reads(work: Callable[Concatenate[ManagedTransaction, P], T]) -> Callable[Concatenate[Graph, P], T]:
    """The public, ``graph``-taking form of a read ``work(tx, ...)``: one read transaction per call.

    Domain modules define ``get_x_tx(tx, ...)`` (composable) and publish ``get_x = reads(get_x_tx)``,
    so the one who owns the transaction is always the domain function, never its caller."""
    return _owning(work, "read")


def writes(work: Callable[Concatenate[ManagedTransaction, P], T]) -> Callable[Concatenate[Graph, P], T]:
    """The public, ``graph``-taking form of a write ``work(tx, ...)``: one write transaction per call,
    so the change commits whole or not at all (see :func:`reads`)."""
    return _owning(work, "write")


def ensure_running(
    settings: Settings, progress: Callable[[str], None] | None = None,
) -> local_neo4j.Status | None:
    """Start the local Neo4j for ``settings`` unless it already runs, or unless ``NEO4J_URI`` names
    another Neo4j (then ``None``). The one place that starts a process; called by the entry points
    that mean it — ``hls-graph serve`` and ``db start``, CLI commands on the local database, the
    notebooks' ``connect`` — never by :func:`connect`."""
    if not settings.uses_local_neo4j:
        return None
    return local_neo4j.start(
        settings.hls_data_dir, port=settings.hls_bolt_port, heap=settings.hls_neo4j_heap,
        page_cache=settings.hls_neo4j_page_cache, progress=progress,
    )


def connect(settings: Settings | None = None) -> Graph:
    """A :class:`Graph` for ``NEO4J_URI``, or for the local Neo4j's Bolt port. Connecting starts
    nothing: a Neo4j that does not run answers 503 / "does not answer" until it does (see
    :func:`ensure_running`)."""
    settings = settings or get_settings()
    driver = GraphDatabase.driver(
        # Fail fast when Neo4j is not there: a connection attempt (or waiting for a pooled one)
        # gives up after 2 s, so a request answers 503 quickly instead of hanging.
        settings.bolt_uri, auth=settings.auth, connection_timeout=2.0, connection_acquisition_timeout=2.0,
        max_transaction_retry_time=settings.neo4j_retry_seconds,
        # "Unknown relationship type" warnings on a young database are noise, not errors.
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )
    return Graph(driver, settings.neo4j_database)


def apply_constraints(graph: Graph) -> None:
    """Constraints and indexes, each in its own transaction (Neo4j runs schema changes alone)."""
    for statement in queries.statements("schema/schema"):
        graph.write_tx(lambda tx, s=statement: tx.run(s).consume())


def apply_schema(graph: Graph) -> None:
    """Constraints and indexes, then the default scales (idempotent)."""
    apply_constraints(graph)
    graph.write("schema/scales_seed", scales=DEFAULT_SCALES)

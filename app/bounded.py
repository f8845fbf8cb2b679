"""Bounded analysis for the API: costly networkx work runs in worker processes, never on the event
loop, with a hard time budget, a per-client limit, cancellation when the client goes, and a cache.

The route reads what the analysis needs from Neo4j (in a thread), then :func:`analyse` ships it,
pickled, to a worker (:mod:`graph.analysis.workers`). Why each bound:

- **hard budget**: the worker is killed at the budget (an analysis with its own ``time_budget`` gets
  that plus 10 %: its search cuts itself first and says so); the client gets a 503 with
  ``Retry-After`` naming the budget, and the worker is replaced.
- **client gone**: while waiting, the route polls ``request.is_disconnected()``; a client that has
  gone stops the computation within a poll (0.2 s) by killing its worker.
- **per client**: at most ``HLS_ANALYSIS_PER_CLIENT`` analyses at once per identity (its API key;
  anonymous callers by address); more answer 429 with ``Retry-After``.
- **cache**: answers are keyed by the analysis, its parameters and what the input is: a system graph
  by its id and the database state it was read at (``read_at``, the bookmark of its read transaction:
  any write, by any process, changes it), anything else by its pickled bytes. No version property to
  forget to bump. Answers a time budget cut are not cached.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import networkx as nx
from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from graph.analysis.workers import ClientGone, OverBudget, PoolBusy, WorkerPool
from graph.core.errors import AppError
from graph.core.settings import Settings
from graph.systems.system import READ_AT

T = TypeVar("T")

__all__ = ["Analyses", "ClientGone", "OverBudget", "PoolBusy", "TooManyAnalyses", "analyse", "draw",
           "hard_budget"]


class TooManyAnalyses(AppError):
    """This client already runs its share of analyses (429 with Retry-After)."""

    def __init__(self, limit: int) -> None:
        super().__init__(429, "too_many_analyses", f"at most {limit} analyses at once per client; "
                         "wait for one to finish", limit=limit, retry_after=2)


class Analyses:
    """The worker pool, the answer cache and the per-client counts of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool = WorkerPool(size=settings.hls_analysis_workers)
        self.cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self.running: dict[str, int] = {}

    @contextmanager
    def slot(self, request: Request) -> Iterator[None]:
        """One of this client's concurrent analyses, or :class:`TooManyAnalyses`."""
        who = _client_identity(request)
        limit = self.settings.hls_analysis_per_client
        if self.running.get(who, 0) >= limit:
            raise TooManyAnalyses(limit)
        self.running[who] = self.running.get(who, 0) + 1
        try:
            yield
        finally:
            self.running[who] -= 1
            if not self.running[who]:
                del self.running[who]

    def remember(self, key: tuple[str, str], answer: Any) -> None:
        self.cache[key] = answer
        self.cache.move_to_end(key)
        while len(self.cache) > self.settings.hls_analysis_cache_entries:
            self.cache.popitem(last=False)

    def close(self) -> None:
        self.pool.close()


def _client_identity(request: Request) -> str:
    """Whose share of analyses this request takes: the caller's key (an identity, ``app.auth``), else
    the client's address (anonymous callers)."""
    caller = getattr(request.state, "caller", None)
    if caller is not None and caller.key_id is not None:
        return f"key:{caller.key_id}"
    return f"address:{request.client.host if request.client else 'unknown'}"


def install(app: FastAPI, settings: Settings) -> Analyses:
    app.state.analyses = Analyses(settings)
    return app.state.analyses


def hard_budget(settings: Settings, time_budget: float | None = None) -> float:
    """Seconds before the worker is killed: the analysis's own ``time_budget`` + 10 % (at least
    +0.5 s for pickling), else ``HLS_ANALYSIS_BUDGET_SECONDS``."""
    if time_budget is None:
        return settings.hls_analysis_budget_seconds
    return max(time_budget * 1.1, time_budget + 0.5)


def _cacheable(answer: Any) -> bool:
    """A search the clock cut would answer differently next time: not cached."""
    return not (isinstance(answer, dict) and "time_budget" in (answer.get("cut_by") or []))


async def analyse(
    request: Request, read: Callable[[], tuple[Any, ...]], fn: Callable[..., Any],
    budget: float, **params: Any,
) -> Any:
    """``fn(*read(), **params)`` in a worker: ``read`` runs in a thread (Neo4j), ``fn`` in a worker
    process within ``budget`` seconds. Raises :class:`TooManyAnalyses`, :class:`PoolBusy`,
    :class:`OverBudget`, :class:`ClientGone`, or the refusal ``fn`` raised."""
    analyses: Analyses = request.app.state.analyses
    with analyses.slot(request):
        inputs = await run_in_threadpool(read)
        blob = await run_in_threadpool(pickle.dumps, (inputs, params), pickle.HIGHEST_PROTOCOL)
        # JSON, not pickle: pickle's bytes depend on which equal strings are the same object.
        named = json.dumps([_identity(inputs), params], sort_keys=True, default=repr).encode()
        key = (f"{fn.__module__}.{fn.__qualname__}", hashlib.sha256(named).hexdigest())
        if key in analyses.cache:
            analyses.cache.move_to_end(key)
            return analyses.cache[key]
        answer = await analyses.pool.run(fn, blob, budget, gone=request.is_disconnected)
        if _cacheable(answer):
            analyses.remember(key, answer)
        return answer


async def draw(
    request: Request, read: Callable[[], Any], fn: Callable[[Any], Any], budget: float,
    keep: Callable[[Any, Any], T],
) -> T | Any:
    """A map: ``read()`` in a thread answers a kept page (``str``) or the job; ``fn(job)`` draws it in
    a worker within ``budget`` (the same bounds as :func:`analyse`: 429, 503, killed when the client
    goes); ``keep(job, drawn)`` keeps what was drawn in this process (the per-state map caches) and
    answers the page. No answer cache here: the map module keeps its pages itself."""
    analyses: Analyses = request.app.state.analyses
    with analyses.slot(request):
        job = await run_in_threadpool(read)
        if isinstance(job, str):
            return job
        blob = await run_in_threadpool(pickle.dumps, ((job,), {}), pickle.HIGHEST_PROTOCOL)
        drawn = await analyses.pool.run(fn, blob, budget, gone=request.is_disconnected)
        return keep(job, drawn)


def _identity(value: Any) -> Any:
    """What names an input for the answer cache, at any depth: a graph read at a known database
    state is that state and its id; any other graph is its nodes and links with their attributes."""
    if isinstance(value, nx.DiGraph):
        if value in READ_AT:
            return ["graph", value.graph.get("id"), READ_AT[value]]
        return ["graph", value.graph, list(value.nodes(data=True)), list(value.edges(data=True))]
    if isinstance(value, dict):
        return {str(k): _identity(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_identity(v) for v in value]
    return value

"""A small pool of analysis worker *processes* with a hard time budget: the way the API keeps
costly networkx work off its event loop and bounded even under load.

Why processes, and why kill them: a search that only looks at the clock between its own steps
overruns when it shares one interpreter (one GIL) with other requests, and a thread cannot be
stopped at all. A worker process computes with its own interpreter; when its job overruns the
budget, or the client that asked has gone, the process is killed and a fresh one takes its place.

Each worker runs one job at a time: ``(function, pickled arguments)`` in, ``("ok", answer)`` or
``("error", …)`` out over a pipe. A refusal (:class:`~graph.core.errors.AppError`) crosses the pipe
as its status, code, message and details and is raised again here, so a 404 or 422 found in a
worker is the same answer as one found in the API process.

>>> import asyncio, pickle
>>> pool = WorkerPool(size=1)
>>> asyncio.run(pool.run(len, pickle.dumps((("abc",), {})), budget=10))   # doctest: +SKIP
3
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from graph.core.errors import AppError

# Workers are forked from a server process that has networkx, the analyses and the maps imported,
# so a replacement for a killed worker is ready in milliseconds (and never inherits the API's threads).
_PRELOAD = ["graph.analysis.stored", "graph.maps"]
_MAIN_HIDDEN = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without the program's main module: a job is a function of ``graph.*`` and
    never needs it, but multiprocessing makes every new worker import it again before its first job
    (``hls-graph``'s CLI, a script: 1-3 s of imports on a busy machine; the forkserver's own
    ``"__main__"`` preload does not help on Python 3.11). Without a ``__file__`` or ``__spec__`` to
    go by, the worker imports nothing for it."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _MAIN_HIDDEN:
        file, spec = main.__dict__.pop("__file__", None), getattr(main, "__spec__", None)
        main.__spec__ = None
        try:
            yield
        finally:
            main.__spec__ = spec
            if file is not None:
                main.__file__ = file


class OverBudget(AppError):
    """The analysis did not finish within its hard time budget; its worker was killed (503)."""

    def __init__(self, budget: float) -> None:
        super().__init__(503, "analysis_over_budget",
                         f"the analysis did not finish within its time budget of {budget:g} s and was "
                         "stopped; ask for less (a smaller max_length, limit or time_budget)",
                         budget=budget, retry_after=1)


class PoolBusy(AppError):
    """No worker became free in time (503 with Retry-After)."""

    def __init__(self, waited: float) -> None:
        super().__init__(503, "analysis_busy", f"every analysis worker stayed busy for {waited:g} s; "
                         "try again shortly", retry_after=2)


class ClientGone(Exception):
    """The client disconnected: the job was killed and there is nobody to answer."""


# Workers yield the CPU to the API and Neo4j: on a machine with few cores, busy workers would
# otherwise starve the event loop (``/health`` p95 0.1 s → 0.4 s under a flood on 2 cores; niced: 0.14 s).
# Their budgets are wall-clock, so a starved search is cut by its budget and says so.
WORKER_NICENESS = 5


def _serve(conn: Connection) -> None:
    """A worker's life: answer jobs until told to stop (``None``) or killed."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        fn, blob = job
        try:
            args, kwargs = pickle.loads(blob)
            reply: tuple[Any, ...] = ("ok", fn(*args, **kwargs))
        except AppError as exc:
            reply = ("app_error", exc.status, exc.code, exc.message, exc.details)
        except Exception as exc:  # noqa: BLE001 - sent back and raised again in the API process
            reply = ("error", type(exc).__name__, str(exc))
        conn.send(reply)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; :meth:`run` hands one a job and waits, killing it when over budget."""

    def __init__(self, size: int = 2, poll_seconds: float = 0.2) -> None:
        self.size = size
        self.poll_seconds = poll_seconds
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._started = 0
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="analysis-pipe")
        self.killed = 0  # workers killed over budget or for a gone client (for tests and /health)

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child,), daemon=True, name="hls-analysis")
        with _main_module_hidden():
            process.start()
        child.close()
        return _Worker(process, parent)

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._threads, fn, *args)

    async def start(self) -> None:
        """Start every worker now (the app's start-up), so no request pays for the worker server's
        imports or a fork; :meth:`run` still starts any that are missing."""
        if self._idle is None:
            self._idle = asyncio.Queue()
        missing = self.size - self._started
        self._started = self.size
        for worker in await asyncio.gather(*(self._call(self._spawn) for _ in range(missing))):
            self._idle.put_nowait(worker)

    async def _acquire(self, wait: float) -> _Worker:
        if self._idle is None:
            self._idle = asyncio.Queue()
        if self._started < self.size:  # not started yet (no start()): start one for this job
            self._started += 1
            return await self._call(self._spawn)
        try:
            return await asyncio.wait_for(self._idle.get(), timeout=wait)
        except TimeoutError:
            raise PoolBusy(wait) from None

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in its place."""
        self.killed += 1
        await self._call(worker.kill)
        assert self._idle is not None
        self._idle.put_nowait(await self._call(self._spawn))

    async def run(
        self, fn: Callable[..., Any], blob: bytes, budget: float, wait: float | None = None,
        gone: Callable[[], Awaitable[bool]] | None = None,
    ) -> Any:
        """``fn(*args, **kwargs)`` (``blob`` = pickled ``(args, kwargs)``) in a worker.

        Waits up to ``wait`` seconds (default ``budget``) for a free worker (else :class:`PoolBusy`);
        then kills the worker once ``budget`` seconds pass (:class:`OverBudget`) or once ``gone()``
        says the client has disconnected (:class:`ClientGone`); cancelling the caller kills it too.
        """
        worker = await self._acquire(budget if wait is None else wait)
        healthy = False
        try:
            await self._call(worker.conn.send, (fn, blob))
            reply = asyncio.ensure_future(self._call(worker.conn.recv))
            # A killed worker ends its recv with EOFError: retrieve it so nobody logs it as lost.
            reply.add_done_callback(lambda f: f.cancelled() or f.exception())
            deadline = time.monotonic() + budget
            while True:
                left = deadline - time.monotonic()
                done, _ = await asyncio.wait({reply}, timeout=max(0.0, min(self.poll_seconds, left)))
                if done:
                    answer = reply.result()
                    healthy = True
                    break
                if time.monotonic() >= deadline:
                    raise OverBudget(budget)
                if gone is not None and await gone():
                    raise ClientGone()
        finally:
            if healthy:
                assert self._idle is not None
                self._idle.put_nowait(worker)
            else:
                await asyncio.shield(self._replace(worker))
        if answer[0] == "ok":
            return answer[1]
        if answer[0] == "app_error":
            _, status, code, message, details = answer
            raise AppError(status, code, message, **details)
        raise RuntimeError(f"analysis failed in its worker: {answer[1]}: {answer[2]}")

    def close(self) -> None:
        """Stop every worker (idle ones politely; busy ones are killed by their callers)."""
        while self._idle is not None and not self._idle.empty():
            worker = self._idle.get_nowait()
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
            worker.conn.close()
        self._threads.shutdown(wait=False, cancel_futures=True)

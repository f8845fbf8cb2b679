"""Answers of the two questions kept per database state (issue 17: "cold vs cached").

An answer is kept as the bytes it was sent as (serialised once with orjson: :mod:`app.answers`), under
``(question, parameters, who reads)`` and the database state it was read at: :meth:`Graph.version`
(one small read round trip) just before reading, kept only when every read transaction of the
answer ended at that same state (:func:`graph.core.db.read_states`), i.e. no write landed while it
was read. It is served again only while :meth:`Graph.version` still names that state: a write
anywhere, by any worker or process, changes the state, so a kept answer is never stale, and every
worker checks for itself (nothing per process can go stale).

Who reads is part of the key where it changes the answer: learn-from-below redacts restricted
evidence by the caller's :class:`~graph.learning.sensitivity.Reader`, which its role and actor
decide (the actor's participations are data, covered by the state). Enable-below redacts nothing
(conditions carry no sensitivity), so its answers are shared by every caller.

Bounded: at most :data:`ENTRIES_KEPT` answers and ``HLS_ANSWER_CACHE_BYTES`` bytes (0: nothing kept),
least recently used first out; an answer bigger than a quarter of that is never kept (it would push
out many). One cache per app (``app.state.answers``, :func:`install`), so per worker process.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import Response

from app.answers import GZIP_LEVEL, GZIP_MIN_BYTES
from graph.core.acting import current
from graph.core.db import Graph, read_states

ENTRIES_KEPT = 256
# Says whether an answer came from the cache ("hit") or was read now ("miss"): for benchmarks and
# for a client curious about it; the body is the same either way.
HEADER = "X-HLS-Answer-Cache"

Key = tuple[Hashable, ...]


class AnswerCache:
    """A bounded LRU of ``key → (state, body)``; thread-safe (routes run in a thread pool)."""

    def __init__(self, max_bytes: int, entries: int = ENTRIES_KEPT, largest: int | None = None) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self.largest = max_bytes // 4 if largest is None else largest
        self._kept: OrderedDict[Key, tuple[frozenset[str], bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Key) -> tuple[frozenset[str], bytes] | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: Key, state: frozenset[str], body: bytes) -> None:
        if len(body) > self.largest:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._kept[key] = (state, body)
            self._bytes += len(body)
            while len(self._kept) > self.entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._bytes = 0

    @property
    def size(self) -> tuple[int, int]:
        """(answers, bytes) kept now."""
        with self._lock:
            return len(self._kept), self._bytes

    def answer(self, graph: Graph, key: Key, compute: Callable[[], Any],
               gzipped: bool = False) -> tuple[bytes, bool, bool]:
        """``compute()``'s answer as JSON bytes, whether it came from the cache, and whether the
        bytes are gzip-compressed (asked with ``gzipped``, done for answers of at least
        :data:`~app.answers.GZIP_MIN_BYTES`, as the GZip middleware would, and kept compressed too:
        a cached region answer is not compressed again for each client). ``compute`` reads through
        :meth:`Graph.read_tx` / :meth:`Graph.read_parallel` (both questions do): its answer is kept when
        every one of those transactions ended at the state read just before it."""
        key = (id(graph.driver), graph.database, *key)
        kept = self.get(key)
        # The state now: to check a kept answer against, and to know that no write lands while a new
        # answer is read (a read transaction's bookmark names the last commit when it ENDS, so an
        # answer read across a write would otherwise be filed under the state after it).
        state = graph.version()
        if kept is not None and kept[0] == state:
            self.hits += 1
            if not gzipped or len(kept[1]) < GZIP_MIN_BYTES:
                return kept[1], True, False
            packed = self.get((*key, "gzip"))
            if packed is None or packed[0] != state:
                packed = (state, gzip.compress(kept[1], GZIP_LEVEL))
                self.put((*key, "gzip"), *packed)
            return packed[1], True, True
        self.misses += 1
        with read_states() as seen:
            content = compute()
        body = orjson.dumps(content)
        one_state = set(seen) == {state}  # read wholly at the state it started at: that state's
        if one_state:
            self.put(key, state, body)
        if not gzipped or len(body) < GZIP_MIN_BYTES:
            return body, False, False
        packed_body = gzip.compress(body, GZIP_LEVEL)
        if one_state:
            self.put((*key, "gzip"), state, packed_body)
        return packed_body, False, True


def install(app: FastAPI, max_bytes: int) -> None:
    """This app's cache of answers (``HLS_ANSWER_CACHE_BYTES``)."""
    app.state.answers = AnswerCache(max_bytes)


def reader_identity() -> tuple[str, str | None]:
    """What decides redaction for the current caller: its role and actor (see the module doc)."""
    caller = current()
    return caller.role, caller.actor_id


def cached_answer(request: Request, graph: Graph, key: Key, compute: Callable[[], Any]) -> Response:
    """``compute()``'s answer as a JSON response, from this app's cache while the database is
    unchanged; gzip-compressed here (and kept so) when big and the client accepts it."""
    accepts_gzip = "gzip" in request.headers.get("accept-encoding", "")
    body, hit, packed = request.app.state.answers.answer(graph, key, compute, gzipped=accepts_gzip)
    headers = {HEADER: "hit" if hit else "miss"}
    if packed:  # the GZip middleware passes an answer that names its encoding through untouched
        headers |= {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    return Response(body, media_type="application/json", headers=headers)

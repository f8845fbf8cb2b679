"""1 against N concurrent clients on the served API: throughput and latency percentiles of the
question mix (learn-from-below of a team and an organisation, enable-below of a team).

The API runs in a uvicorn subprocess with ``BENCH_WORKERS`` worker processes (default 1; the
"several workers" part of issue 17 sets how ``serve`` starts them). :func:`measure_workers` runs
the same load with 1 and 2 workers, each with the answer cache on (no write during the run: after
the first answer of each question every one is served from the cache) and off
(``HLS_ANSWER_CACHE_BYTES=0``: every answer read from Neo4j), all in one run.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from bench_support import SUBJECTS, served_api

from graph.core.settings import Settings

MIX = [f"/cycles/{SUBJECTS['team']}/learn-from-below", f"/cycles/{SUBJECTS['organisation']}/learn-from-below",
       f"/cycles/{SUBJECTS['team']}/enable-below"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def _load(url: str, clients: int, seconds: float) -> dict[str, float]:
    """``clients`` threads asking the mix round-robin for ``seconds``, each on one keep-alive
    connection. The client is the standard library's ``http.client``: the load generator shares the
    machine's cores with the API and Neo4j, and it costs about a third of httpx's CPU per request
    (2 workers, answer cache on: 8 ÷ 1 clients 1.71 with httpx, 1.83 with http.client, same run)."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    until = time.monotonic() + seconds
    address = urlsplit(url)

    def client_loop(number: int) -> None:
        connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=120)
        try:
            i = number
            while time.monotonic() < until:
                started = time.perf_counter()
                connection.request("GET", MIX[i % len(MIX)])
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[number] += 1
                latencies[number].append(time.perf_counter() - started)
                i += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = [v for values in latencies for v in values]
    return {"requests": len(every), "throughput": len(every) / elapsed, "p50": percentile(every, 50),
            "p99": percentile(every, 99), "errors": sum(errors)}


def measure(settings: Settings, clients: int = 8, seconds: float = 20, log: Any = print,
            workers: int | None = None, cache: bool = True) -> dict[str, Any]:
    """``{"one": {...}, "many": {...}, "clients", "workers", "cache", "ratio"}``: 1 client, then
    ``clients``, then 1 again (the two single-client runs averaged, so drift over the run cancels)."""
    workers = workers or int(os.environ.get("BENCH_WORKERS", "1"))
    env = None if cache else {"HLS_ANSWER_CACHE_BYTES": "0"}
    with served_api(settings, workers=workers, env_extra=env) as url:
        _load(url, 1, min(3.0, seconds))  # warm the plans and the page cache
        first = _load(url, 1, seconds / 2)
        many = _load(url, clients, seconds)
        second = _load(url, 1, seconds / 2)
    one = {k: (first[k] + second[k]) / 2 for k in first}
    result = {"one": one, "many": many, "clients": clients, "workers": workers, "cache": cache,
              "ratio": many["throughput"] / one["throughput"]}
    log(f"  1 client {one['throughput']:.1f}/s p50 {one['p50'] * 1000:.0f} ms "
        f"p99 {one['p99'] * 1000:.0f} ms; "
        f"{clients} clients {many['throughput']:.1f}/s p50 {many['p50'] * 1000:.0f} ms "
        f"p99 {many['p99'] * 1000:.0f} ms; ratio {result['ratio']:.2f} ({workers} worker(s), "
        f"answer cache {'on' if cache else 'off'})")
    return result


def measure_workers(settings: Settings, clients: int = 8, seconds: float = 20, log: Any = print,
                    workers: tuple[int, ...] = (1, 2)) -> dict[str, Any]:
    """:func:`measure` for each number of ``workers``, answer cache on and off, in one run:
    ``{"runs": [...]}`` (each run as :func:`measure` answers it)."""
    return {"runs": [measure(settings, clients, seconds, log, workers=n, cache=cache)
                     for cache in (True, False) for n in workers]}

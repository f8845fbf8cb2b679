"""A small load generator: N clients × T seconds of mixed reads, writes and analysis against a
running hls-graph, plus a /health prober, then requests, errors by status and latency percentiles.

    python benchmarks/load.py --url http://127.0.0.1:8000 --clients 10 --seconds 30 \\
        --system foresight-obesity

Each client loops over a weighted mix: list reads (``/cycles``, ``/systems``), analysis on
``--system`` (loops, paths, centrality), and writes (create then delete an actor). A separate
task asks ``/health`` every 0.2 s, so its latency shows what the flood does to everyone else.
Not part of the test suite (a smoke test runs it for two seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses[(kind, status)] += 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


async def timed(
    client: httpx.AsyncClient, tally: Tally, kind: str, method: str, url: str, **kw: object,
) -> int:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kw)  # type: ignore[arg-type]
        status = response.status_code
    except httpx.HTTPError:
        status = 0  # no answer (timeout, refused)
    tally.add(kind, status, time.perf_counter() - started)
    return status


async def client_loop(base: str, system: str, until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        listed = await client.get(f"/systems/{system}/factors", params={"limit": 50})
        factors = listed.json().get("items", []) if listed.status_code == 200 else []
        ids = [f["id"] for f in factors] or ["1", "2"]
        while time.monotonic() < until:
            roll = rng.random()
            if roll < 0.35:
                await timed(client, tally, "read", "GET", rng.choice(["/cycles", "/systems", "/scales"]))
            elif roll < 0.55:
                await timed(client, tally, "loops", "GET", f"/systems/{system}/loops",
                            params={"max_length": rng.choice([4, 6, 8]), "time_budget": 5})
            elif roll < 0.7:
                a, b = rng.sample(ids, 2) if len(ids) > 1 else (ids[0], ids[0])
                await timed(client, tally, "paths", "GET", f"/systems/{system}/paths",
                            params={"from": a, "to": b, "max_length": 8, "time_budget": 5})
            elif roll < 0.85:
                await timed(client, tally, "centrality", "GET", f"/systems/{system}/centrality",
                            params={"measure": rng.choice(["degree", "reach", "betweenness"])})
            else:
                actor = f"load-{uuid.uuid4().hex[:12]}"
                if await timed(client, tally, "write", "POST", "/actors",
                               json={"id": actor, "name": "Load test", "kind": "person"}) == 201:
                    await timed(client, tally, "write", "DELETE", f"/actors/{actor}")


async def health_loop(base: str, until: float, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < until:
            await timed(client, tally, "health", "GET", "/health")
            await asyncio.sleep(0.2)


async def run(base: str, clients: int, seconds: float, system: str) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(health_loop(base, until, tally),
                         *(client_loop(base, system, until, tally, i) for i in range(clients)))
    return tally


def report(tally: Tally, seconds: float) -> str:
    lines = [f"{'kind':<11}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}   statuses"]
    for kind, values in sorted(tally.latencies.items()):
        statuses = ", ".join(f"{s}×{n}" for (k, s), n in sorted(tally.statuses.items()) if k == kind)
        p50, p95, p99 = (percentile(values, p) * 1000 for p in (50, 95, 99))
        lines.append(f"{kind:<11}{len(values):>9}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}   {statuses}")
    total = sum(len(v) for v in tally.latencies.values())
    errors = Counter({s: n for (_, s), n in tally.statuses.items() if s == 0 or s >= 400})
    every = [v for values in tally.latencies.values() for v in values]
    lines.append(f"total {total} requests in {seconds:g} s ({total / seconds:.1f}/s); "
                 f"median {statistics.median(every) * 1000 if every else 0:.0f} ms; errors by status: "
                 + (", ".join(f"{s}×{n}" for s, n in sorted(errors.items())) or "none"))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--system", default="foresight-obesity")
    args = parser.parse_args()
    tally = asyncio.run(run(args.url, args.clients, args.seconds, args.system))
    print(report(tally, args.seconds))


if __name__ == "__main__":
    main()

"""The two questions measured side by side: the endpoint (HTTP, uvicorn in a subprocess) against the
raw driver running the same Cypher in one read transaction, and learn-from-below against networkx
on an in-memory copy of the whole learning network (benchmarks/networkx_copy.py).

    .venv/bin/python benchmarks/questions_bench.py --cycles 11000 --rounds 15
    .venv/bin/python benchmarks/questions_bench.py --before /path/to/older/checkout   # + before

With ``--before DIR`` the API and the queries of another checkout are measured in the same rounds
(the "before" columns), against the same database.
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

import httpx
from bench_support import (
    ROOT,
    SUBJECTS,
    after_a_write,
    connect_to,
    load_regions,
    regions_for,
    served_api,
    side_by_side,
)
from networkx_copy import copy_learning_network, learn, same_patterns

from graph.core.db import Graph
from graph.core.settings import Settings
from graph.learning import questions

LEARN = ["questions/question_cycles", "questions/learn_from_below", "questions/learn_from_below_recurring",
         "questions/learn_from_below_coverage"]
ENABLE = ["questions/question_cycles", "questions/enable_below"]


def raw_driver(graph: Graph, root: Path, names: list[str], cycle_id: str) -> Any:
    """The same queries the endpoint runs, through the driver alone: one read transaction, records
    fetched and decoded, nothing shaped (``root``: whose queries/ folder)."""
    texts = [(root / "queries" / f"{name}.cypher").read_text(encoding="utf-8") for name in names]
    params = {"cycle_id": cycle_id, "ids": [cycle_id], "depth": None, "min_cycles": 1,
              "include_peers": False, "provenance_limit": questions.PROVENANCE_LIMIT}

    def work(tx: Any) -> list[list[Any]]:
        return [list(tx.run(text, params)) for text in texts]

    return lambda: graph.read_tx(work)


def measure(settings: Settings, rounds: int, before: Path | None = None,
            log: Any = print) -> dict[str, dict[str, dict[str, float]]]:
    """Per question and scale: medians (s) of ``endpoint`` (cold: the first answer after a write),
    ``cached`` (the same question again, the database unchanged: the API's answer cache), ``raw``,
    (``before``, ``before_raw``: a checkout without the cache, asked repeatedly), and for
    learn-from-below ``function`` (in process) and ``networkx``; plus answer bytes."""
    graph = connect_to(settings)
    started = time.perf_counter()
    nx_copy = copy_learning_network(graph)
    log(f"  networkx copy of the learning network: {nx_copy.number_of_nodes():,} nodes, "
        f"{nx_copy.number_of_edges():,} edges, read in {time.perf_counter() - started:.1f} s")
    results: dict[str, dict[str, dict[str, float]]] = {"learn": {}, "enable": {}}
    with served_api(settings) as after_url, _maybe_served(settings, before) as before_url:
        client = httpx.Client(timeout=300)
        for scale, cycle in SUBJECTS.items():
            ours = questions.learn_from_below(graph, cycle, provenance_limit=questions.PROVENANCE_LIMIT)
            if not same_patterns(ours, learn(nx_copy, cycle)):
                log(f"  WARNING: networkx and the service disagree on {cycle}")
            url = f"/cycles/{cycle}/learn-from-below"
            cases = {
                "endpoint": after_a_write(graph, lambda u=url: _get(client, after_url + u, "miss")),
                "cached": lambda u=url: _get(client, after_url + u, "hit"),
                "raw": raw_driver(graph, ROOT, LEARN, cycle),
                "function": lambda c=cycle: questions.learn_from_below(
                    graph, c, provenance_limit=questions.PROVENANCE_LIMIT),
                "networkx": lambda c=cycle: learn(nx_copy, c),
            }
            if before_url:
                cases["before"] = lambda u=url: client.get(before_url + u).raise_for_status()
                cases["before_raw"] = raw_driver(graph, before, LEARN, cycle)
            results["learn"][scale] = side_by_side(cases, rounds)
            results["learn"][scale]["bytes"] = len(client.get(after_url + url).content)
            results["learn"][scale]["wire_bytes"] = _wire_bytes(after_url + url)
            url = f"/cycles/{cycle}/enable-below"
            cases = {"endpoint": after_a_write(graph, lambda u=url: _get(client, after_url + u, "miss")),
                     "cached": lambda u=url: _get(client, after_url + u, "hit"),
                     "raw": raw_driver(graph, ROOT, ENABLE, cycle)}
            if before_url:
                cases["before"] = lambda u=url: client.get(before_url + u).raise_for_status()
                cases["before_raw"] = raw_driver(graph, before, ENABLE, cycle)
            results["enable"][scale] = side_by_side(cases, rounds)
            log(f"  {scale:<13} learn {_brief(results['learn'][scale])} | "
                f"enable {_brief(results['enable'][scale])}")
        client.close()
    graph.close()
    return results


def _get(client: httpx.Client, url: str, cache: str) -> None:
    """GET ``url``; fails unless the API's answer cache answered as ``cache`` says (hit or miss)."""
    response = client.get(url).raise_for_status()
    if response.headers.get("x-hls-answer-cache", cache) != cache:
        raise RuntimeError(f"{url}: expected a cache {cache}, got {response.headers['x-hls-answer-cache']}")


def _wire_bytes(url: str) -> int:
    """Bytes on the wire for a client that accepts gzip."""
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}, timeout=300) as response:
        return sum(len(chunk) for chunk in response.iter_raw())


def _brief(row: dict[str, float]) -> str:
    return " ".join(f"{k} {v * 1000:.1f}" for k, v in row.items() if "bytes" not in k) + " ms"


class _maybe_served:
    """``served_api`` for ``before`` when given, else a context that yields None."""

    def __init__(self, settings: Settings, before: Path | None) -> None:
        self.inner = served_api(settings, before) if before else None

    def __enter__(self) -> str | None:
        return self.inner.__enter__() if self.inner else None

    def __exit__(self, *exc: Any) -> None:
        if self.inner:
            self.inner.__exit__(*exc)


def main() -> None:
    from bench_support import throwaway_neo4j

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=11_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another checkout to measure in the same rounds")
    args = parser.parse_args()
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    with throwaway_neo4j() as settings:
        graph = connect_to(settings)
        load_regions(graph, 0, regions_for(args.cycles))
        graph.close()
        measure(settings, args.rounds, args.before)


if __name__ == "__main__":
    main()

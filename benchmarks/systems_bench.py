"""Outcome systems measured side by side: a repeated analysis (degree centrality) and a system map,
cold (just after a write: read, compute, lay out) and cached (unchanged system: the projection and
the page kept per database state), through the HTTP API, against networkx on an in-memory copy.

    .venv/bin/python benchmarks/systems_bench.py --sizes 500,2000 --rounds 3
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

import httpx
from bench_support import connect_to, generated_system, served_api, side_by_side, throwaway_neo4j

from graph.analysis.stored import centrality_of
from graph.core.settings import Settings
from graph.systems.snapshot import to_digraph
from graph.systems.system import save_system

DEGREE, FORCE = {"measure": "degree"}, {"layout": "force"}
TOUCH = "MERGE (t:BenchTouch {id: 'touch'}) SET t.n = coalesce(t.n, 0) + 1"


def measure(
    settings: Settings, sizes: list[int], rounds: int, log: Any = print,
) -> dict[int, dict[str, float]]:
    """Per size: medians (s) of ``analysis_cold``, ``analysis_cached``, ``networkx`` (the same
    analysis on an in-memory copy), ``map_cold``, ``map_cached``; and ``map_bytes``."""
    graph = connect_to(settings)
    results: dict[int, dict[str, float]] = {}
    with served_api(settings) as url:
        client = httpx.Client(base_url=url, timeout=600)
        for size in sizes:
            snapshot = generated_system(size)
            save_system(graph, snapshot, replace=True)
            G = to_digraph(snapshot)
            system = snapshot.id
            analysis = f"/systems/{system}/centrality"
            page = f"/maps/systems/{system}"

            def touch() -> None:  # any write changes the database state: every cache misses
                graph.write_tx(lambda tx: tx.run(TOUCH).consume())

            def cold(path: str, **params: Any) -> None:
                touch()
                client.get(path, params=params).raise_for_status()

            cases = {
                "analysis_cold": lambda a=analysis: cold(a, **DEGREE),
                "analysis_cached": lambda a=analysis: client.get(a, params=DEGREE).raise_for_status(),
                "networkx": lambda G=G, s=system: centrality_of(G, s, "degree", 10),
                "map_cold": lambda p=page: cold(p, **FORCE),
                "map_cached": lambda p=page: client.get(p, params=FORCE).raise_for_status(),
            }
            results[size] = side_by_side(cases, rounds)
            results[size]["map_bytes"] = len(client.get(page, params={"layout": "force"}).content)
            log(f"  {size:>6} factors: " + " ".join(
                f"{k} {v * 1000:.1f} ms" for k, v in results[size].items() if k != "map_bytes"))
        client.close()
    graph.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    with throwaway_neo4j() as settings:
        measure(settings, [int(n) for n in args.sizes.split(",")], args.rounds)


if __name__ == "__main__":
    main()

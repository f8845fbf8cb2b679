"""Feedback-loop totals of the Foresight obesity map at several max_length bounds, and their times.

Where the map comes from (``--source``):

- ``csv`` (default): the shipped CSV pair (graph/datasets/data/foresight-obesity-map) read by the project's
  own CSV importer (``graph.datasets.foresight.foresight_snapshot``), the very graph ``hls-graph load
  foresight`` stores; no database needed, so it times the analysis alone.
- ``neo4j``: the stored system ``foresight-obesity`` read with ``read_system_graph`` from
  ``NEO4J_URI`` or the local Neo4j (started if needed; the map is loaded first if missing) —
  what the API and ``hls-graph analyse loops`` do. The read time is printed separately.

The search runs with the API's defaults (list 100, count at most 1,000,000 loops, 20 s time
budget) unless told otherwise, and prints, per bound: reinforcing, balancing, total, whether the
totals are complete, which bounds cut the answer, and the seconds the search took.

    .venv/bin/python benchmarks/foresight_loops.py                      # max_length 4, 6, 8
    .venv/bin/python benchmarks/foresight_loops.py --lengths 4 6 8 12 16 20 --source neo4j
"""

from __future__ import annotations

import argparse
import time

import networkx as nx

from graph.analysis.loops import feedback_loops
from graph.analysis.stored import DEFAULTS
from graph.datasets.foresight import SYSTEM_ID, foresight_snapshot, load_foresight
from graph.systems.snapshot import to_digraph


def read_map(source: str) -> tuple[nx.DiGraph, float]:
    """The map as a DiGraph, and the seconds reading it took."""
    started = time.perf_counter()
    if source == "csv":
        G = to_digraph(foresight_snapshot())
    else:
        from graph.core.db import apply_schema, connect, ensure_running
        from graph.core.settings import get_settings
        from graph.systems.system import read_system_graph

        ensure_running(get_settings())
        graph = connect()
        try:
            apply_schema(graph)
            load_foresight(graph)
            started = time.perf_counter()  # time the read, not the (first-time) load
            G = read_system_graph(graph, SYSTEM_ID)
        finally:
            graph.close()
    return G, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=["csv", "neo4j"], default="csv")
    parser.add_argument("--lengths", type=int, nargs="+", default=[4, 6, 8])
    parser.add_argument("--limit", type=int, default=DEFAULTS["limit"])
    parser.add_argument("--count-limit", type=int, default=DEFAULTS["count_limit"])
    parser.add_argument("--time-budget", type=float, default=DEFAULTS["time_budget"])
    args = parser.parse_args()

    G, read_seconds = read_map(args.source)
    print(f"{SYSTEM_ID} from {args.source}: {G.number_of_nodes()} factors, {G.number_of_edges()} links "
          f"(read in {read_seconds:.3f}s); limit={args.limit}, count_limit={args.count_limit}, "
          f"time_budget={args.time_budget}s")
    print(f"{'max_length':>10} {'reinforcing':>11} {'balancing':>9} {'total':>9} {'complete':>8} "
          f"{'exact to':>8} {'seconds':>8}  cut_by")
    for max_length in args.lengths:
        started = time.perf_counter()
        r = feedback_loops(G, max_length=max_length, limit=args.limit, count_limit=args.count_limit,
                           time_budget=args.time_budget)
        wall = time.perf_counter() - started
        t = r["totals"]
        print(f"{max_length:>10} {t['reinforcing']:>11} {t['balancing']:>9} {t['total']:>9} "
              f"{'yes' if r['complete'] else 'NO':>8} {r['complete_up_to_length']:>8} {wall:>8.3f}  "
              f"{', '.join(r['cut_by']) or '-'}")
    print("max_length in cut_by: the map's largest strongly connected part has more factors than "
          "max_length, so longer loops exist beyond the bound.")


if __name__ == "__main__":
    main()

"""``make bench``: every figure of issue 17 as a ratio measured side by side in one run, printed and
written to ``benchmarks/report.md`` with PNG plots in ``benchmarks/report/``.

On a throwaway Neo4j it loads the generator (benchmarks/questions_profile.py) at the SMALL size and
measures the questions (endpoint ÷ raw driver, our answer ÷ networkx in-memory) and 1 against N
clients; grows it to the LARGE size and measures the questions again (locality = large ÷ small for
the same cycles); then outcome systems of 500 / 2,000 / 10,000 factors (analysis and map, cold
against cached, against networkx); and last the bulk writes (benchmarks/bulk.py, when present) on a
Neo4j of their own (they empty their database before every run). The figures measured so far are
kept in ``benchmarks/report/figures.json`` after each part.

Settings (environment, or the same names as options: ``--sizes 11000,110000``):
  BENCH_SIZES          cycles at the two sizes (default 11000,110000; one region = 3,825 cycles)
  BENCH_QUICK=1        a quick try: sizes 4000,8000, 3 rounds, 500/2000-factor systems, 4 s loads
  BENCH_ROUNDS         interleaved rounds per figure (medians; default 15)
  BENCH_SYSTEM_SIZES   factors of the generated systems (default 500,2000,10000)
  BENCH_CLIENTS        the N of "1 vs N clients" (default 8); BENCH_SECONDS per load run (default 20);
                       measured with 1 and 2 API workers, answer cache on and off
  BENCH_BEFORE         another checkout whose API and queries are measured in the same rounds
  BENCH_NEO4J_URI      use this (EMPTIED) database instead of a throwaway one
  BENCH_HEAP, BENCH_PAGE_CACHE  the throwaway Neo4j's heap and page cache (default 3g and 2g: the
                       generator writes a region, ~80,000 nodes and their history, in one transaction)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clients_bench  # noqa: E402
import questions_bench  # noqa: E402
import systems_bench  # noqa: E402
from bench_support import connect_to, load_regions, regions_for, throwaway_neo4j  # noqa: E402
from report_write import write_report  # noqa: E402

HERE = Path(__file__).resolve().parent


def settings_from(argv: list[str] | None = None) -> argparse.Namespace:
    quick = os.environ.get("BENCH_QUICK") == "1"
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "4000,8000" if quick else "11000,110000"))
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "3" if quick else "15")))
    parser.add_argument("--system-sizes", default=env("BENCH_SYSTEM_SIZES", "500,2000" if quick
                                                        else "500,2000,10000"))
    parser.add_argument("--clients", type=int, default=int(env("BENCH_CLIENTS", "8")))
    parser.add_argument("--seconds", type=float, default=float(env("BENCH_SECONDS", "4" if quick else "20")))
    before = env("BENCH_BEFORE")
    parser.add_argument("--before", type=Path, default=Path(before) if before else None)
    parser.add_argument("--out", type=Path, default=HERE / "report.md")
    parser.add_argument("--rewrite", action="store_true",
                        help="measure nothing: write the report again from benchmarks/report/figures.json")
    parser.add_argument("--skip", default=env("BENCH_SKIP", ""),
                        help="comma-separated parts to leave out: large, clients, systems, bulk")
    return parser.parse_args(argv)


def bulk_figures(settings: Any, quick: bool) -> dict[str, Any] | None:
    """benchmarks/bulk.py's figures (bulk API ÷ raw UNWIND ÷ per-record), or None without it."""
    if importlib.util.find_spec("bulk") is None:
        print("  bulk writes: not available (no benchmarks/bulk.py)")
        return None
    import bulk

    figures = bulk.run_bulk_benchmark(settings, cycles=100 if quick else 500, repeats=3 if quick else 5,
                                      sample=10 if quick else 50)
    if hasattr(bulk, "print_figures"):
        bulk.print_figures(figures)
    return figures


def main(argv: list[str] | None = None) -> None:
    args = settings_from(argv)
    figures = args.out.parent / "report" / "figures.json"
    if args.rewrite:
        run = json.loads(figures.read_text())
        run["systems"] = {int(n): row for n, row in (run.get("systems") or {}).items()}
        print(write_report(run, args.out))
        return
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    small, large = (int(n) for n in args.sizes.split(","))
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    run: dict[str, Any] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": platform.platform(),
        "cpus": os.cpu_count(), "rounds": args.rounds, "sizes": {}, "before": str(args.before or ""),
    }
    began = time.perf_counter()
    with throwaway_neo4j() as settings:
        graph = connect_to(settings)
        loaded = 0
        for label, cycles in (("small", small), ("large", large)):
            if label == "large" and "large" in skip:
                continue
            regions = regions_for(cycles)
            print(f"== {label}: {regions} regions (~{regions * 3825:,} cycles)")
            load_regions(graph, loaded, regions)
            loaded = regions
            counts = graph.read("schema/health_counts")[0]
            run["sizes"][label] = {"cycles": counts["LearningCycle"], "experiments": counts["Experiment"],
                                   "evidence": counts["Evidence"]}
            run[f"questions_{label}"] = questions_bench.measure(settings, args.rounds, args.before)
            if label == "small" and "clients" not in skip:
                print(f"== 1 vs {args.clients} clients")
                run["clients"] = clients_bench.measure_workers(settings, args.clients, args.seconds)
            keep(run, figures, began)
        graph.close()
        if "systems" not in skip:
            print("== outcome systems")
            run["systems"] = systems_bench.measure(
                settings, [int(n) for n in args.system_sizes.split(",")], max(3, args.rounds // 3))
            keep(run, figures, began)
    if "bulk" not in skip:
        # On a Neo4j of its own: it empties its database before every run, and emptying the large
        # size's millions of nodes would take longer than the benchmark.
        print("== bulk writes")
        with throwaway_neo4j() as settings:
            run["bulk"] = bulk_figures(settings, os.environ.get("BENCH_QUICK") == "1")
    keep(run, figures, began)
    print(write_report(run, args.out))


def keep(run: dict[str, Any], figures: Path, began: float) -> None:
    """Write the figures measured so far (``--rewrite`` makes a report of them if a later part fails)."""
    run["minutes"] = round((time.perf_counter() - began) / 60, 1)
    figures.parent.mkdir(exist_ok=True)
    figures.write_text(json.dumps(run, indent=1, default=str))


if __name__ == "__main__":
    main()

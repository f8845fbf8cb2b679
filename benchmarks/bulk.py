"""Bulk writes side by side, in one run (issue 17 item 3): the same learning rows — ``cycles`` person
cycles feeding teams, each with 5 experiments of 3 evidence — written four ways on an emptied
database each time, interleaved, ``repeats`` times (medians):

- ``bulk_api``: ``POST /bulk`` with the whole learning document (pydantic, every rule checked, one
  transaction; in-process ASGI client, so the HTTP stack without the network);
- ``bulk_domain``: ``graph.learning.bulk.write_learning_tx`` on the same document (no HTTP);
- ``raw_unwind``: hand-written batched ``UNWIND ... CREATE`` of the same nodes, labels, properties and
  relationships the bulk path writes (cycles with their five elements; benchmarks/cypher ``same_*``):
  no checks, no history — the target's yardstick;
- ``raw_light``: the generator's lighter raw queries on the same rows (no Entity label, no cycle
  elements, fewer properties: fewer nodes and index entries than the bulk path writes), for comparison
  with earlier reports;
- ``per_request``: one API request per cycle, link, experiment and evidence, on the first
  ``sample`` cycles only (it takes ~0.2 s per cycle), scaled to rows per second.

Figures are rows (cycles + links + experiments + evidence) per second and their ratios; targets:
bulk API ≥ 0.8× raw UNWIND and ≥ 50× the per-request path. ``run_bulk_benchmark`` returns them (the
``make bench`` report uses it); ``python benchmarks/bulk.py`` prints them on a throwaway Neo4j.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_support import wipe
from fastapi.testclient import TestClient

from app.main import create_app
from graph.core import local_neo4j
from graph.core.acting import LOCAL
from graph.core.db import Graph, apply_schema, connect
from graph.core.settings import Settings
from graph.learning import bulk
from graph.learning.model import ElementKind

CYPHER_DIR = Path(__file__).parent / "cypher"
WAYS = ("bulk_api", "bulk_domain", "raw_unwind", "raw_light", "per_request")
SENSITIVITIES = ["public", "network", "cycle", "personal"]


def document(cycles: int, experiments: int = 5, evidence: int = 3) -> dict[str, Any]:
    """``cycles`` person cycles (one team per 20) with their experiments and evidence."""
    teams = [f"team-{t}" for t in range((cycles + 19) // 20)]
    people = [f"p-{n}" for n in range(cycles)]
    doc: dict[str, Any] = {
        "cycles": [{"id": t, "name": t, "scale": "team", "status": "active"} for t in teams]
        + [{"id": p, "name": p, "scale": "person", "status": "active"} for p in people],
        "feeds_into": [[p, teams[n // 20]] for n, p in enumerate(people)],
        "experiments": [],
        "evidence": [],
    }
    for p in people:
        for x in range(experiments):
            xid = f"{p}:x{x}"
            doc["experiments"].append(
                {
                    "id": xid,
                    "cycle": p,
                    "kind": "hypothesis_test",
                    "question": "q",
                    "status": "completed",
                    "outcome": f"outcome-{x}",
                }
            )
            doc["evidence"] += [
                {
                    "id": f"{xid}:e{k}",
                    "experiment": xid,
                    "kind": "quantitative",
                    "value": float(k),
                    "unit": "n",
                    "text": f"evidence {xid}:e{k}",
                    "sensitivity": SENSITIVITIES[k % 4],
                }
                for k in range(evidence)
            ]
    return doc


def rows_in(doc: dict[str, Any]) -> int:
    return sum(len(doc[k]) for k in ("cycles", "feeds_into", "experiments", "evidence"))


def _cypher(name: str) -> str:
    return (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")


def _write_links(graph: Graph, doc: dict[str, Any]) -> None:
    """The document's FEEDS_INTO links, by the generator's raw query (both raw ways write them so)."""
    feeds = [{"lower": a, "upper": b} for a, b in doc["feeds_into"]]
    graph.write_tx(lambda tx: tx.run(_cypher("links"), feeds=feeds, peers=[]).consume())


def _raw(graph: Graph, doc: dict[str, Any], batch: int = 5_000) -> None:
    """The generator's raw UNWIND queries (benchmarks/cypher), one transaction per batch."""
    evidence: dict[str, list[dict[str, Any]]] = {}
    for e in doc["evidence"]:
        evidence.setdefault(e["experiment"], []).append(
            {"id": e["id"], "kind": e["kind"], "sensitivity": e["sensitivity"], "value": e["value"]}
        )
    experiments = [
        {
            "id": x["id"],
            "cycle": x["cycle"],
            "status": x["status"],
            "outcome": x["outcome"],
            "factors": [],
            "evidence": evidence.get(x["id"], []),
        }
        for x in doc["experiments"]
    ]
    cycles = [{"id": c["id"], "scale": c["scale"]} for c in doc["cycles"]]

    def write(name: str, **params: Any) -> None:
        graph.write_tx(lambda tx: tx.run(_cypher(name), params).consume())

    for start in range(0, len(cycles), batch):
        write("cycles", rows=cycles[start : start + batch])
    _write_links(graph, doc)
    for start in range(0, len(experiments), batch // 5):
        write("experiments", rows=experiments[start : start + batch // 5])


def _raw_same(graph: Graph, doc: dict[str, Any], batch: int = 5_000) -> None:
    """The same nodes, labels, properties (version stamps too) and relationships the bulk path
    writes — cycles with their five elements — by hand-written batched UNWIND (benchmarks/cypher
    ``same_*``), one transaction per batch: no checks, no history, no document model."""
    now = "2026-01-01T00:00:00Z"
    stamp = {"version": 1, "updated_at": now, "updated_by": "benchmark"}
    cycles = [{"scale": c["scale"],
               "props": {**{k: v for k, v in c.items() if k != "scale"}, "created_at": now, **stamp},
               "elements": [{"id": f"{c['id']}:{kind.value}", "kind": kind.value, "status": "not_started",
                             "updated_at": now, "version": 1, "updated_by": "benchmark"}
                            for kind in ElementKind]}
              for c in doc["cycles"]]
    experiments = [{"cycle": x["cycle"], "props": {**{k: v for k, v in x.items() if k != "cycle"}, **stamp}}
                   for x in doc["experiments"]]
    evidence = [{"experiment": e["experiment"],
                 "props": {**{k: v for k, v in e.items() if k != "experiment"}, "recorded_at": now, **stamp}}
                for e in doc["evidence"]]

    def write(name: str, rows: list[dict[str, Any]], size: int) -> None:
        text = _cypher(name)
        for start in range(0, len(rows), size):
            graph.write_tx(lambda tx, part=rows[start:start + size]: tx.run(text, rows=part).consume())

    write("same_cycles", cycles, batch // 5)
    _write_links(graph, doc)
    write("same_experiments", experiments, batch)
    write("same_evidence", evidence, batch)


def _per_request(client: TestClient, doc: dict[str, Any], sample: int) -> int:
    """The sample's rows, one request each (the way a client without /bulk writes); rows written."""
    keep = {c["id"] for c in doc["cycles"] if c["scale"] == "team"} | {
        c["id"] for c in doc["cycles"] if c["scale"] == "person"
    }
    people = [c["id"] for c in doc["cycles"] if c["scale"] == "person"][:sample]
    chosen = set(people) | {b for a, b in doc["feeds_into"] if a in people}
    keep &= chosen
    written = 0
    for c in doc["cycles"]:
        if c["id"] in keep:
            assert client.post("/cycles", json=c).status_code == 201
            written += 1
    for lower, upper in doc["feeds_into"]:
        if lower in keep:
            assert client.put(f"/cycles/{lower}/feeds-into/{upper}").status_code == 200
            written += 1
    for x in doc["experiments"]:
        if x["cycle"] in keep:
            body = {k: v for k, v in x.items() if k != "cycle"}
            assert client.post(f"/cycles/{x['cycle']}/experiments", json=body).status_code == 201
            written += 1
    experiments = {x["id"] for x in doc["experiments"] if x["cycle"] in keep}
    for e in doc["evidence"]:
        if e["experiment"] in experiments:
            body = {k: v for k, v in e.items() if k != "experiment"}
            assert client.post(f"/experiments/{e['experiment']}/evidence", json=body).status_code == 201
            written += 1
    return written


def run_bulk_benchmark(
    settings: Settings, cycles: int = 500, repeats: int = 3, sample: int = 50
) -> dict[str, Any]:
    """Rows per second of each way (medians of ``repeats`` interleaved runs) and their ratios, on the
    database of ``settings`` — which it EMPTIES before every run."""
    doc = document(cycles)
    rows = rows_in(doc)
    graph = connect(settings)
    timings: dict[str, list[float]] = {way: [] for way in WAYS}
    written = {"per_request": 0}
    try:
        app = create_app(settings)
        app.state.default_caller = LOCAL  # requests without a key act as the local admin (POST /bulk)
        with TestClient(app) as client:

            def bulk_api() -> int:
                answer = client.post("/bulk", json=doc)
                assert answer.status_code == 201, answer.text
                return rows

            def per_request() -> int:
                written["per_request"] = _per_request(client, doc, sample)
                return written["per_request"]

            def bulk_domain() -> int:
                graph.write_tx(lambda tx: bulk.write_learning_tx(tx, doc))
                return rows

            def raw_unwind() -> int:
                _raw_same(graph, doc)
                return rows

            def raw_light() -> int:
                _raw(graph, doc)
                return rows

            ways: dict[str, Callable[[], int]] = {"bulk_api": bulk_api, "bulk_domain": bulk_domain,
                                                  "raw_unwind": raw_unwind, "raw_light": raw_light,
                                                  "per_request": per_request}
            for repeat in range(repeats):
                # Each repeat starts with the next way: the first write after emptying the database
                # may pay for Neo4j replanning its queries (their statistics changed), so no way
                # is always the one that pays.
                order = list(WAYS)[repeat % len(WAYS):] + list(WAYS)[:repeat % len(WAYS)]
                for way in order:
                    wipe(graph)
                    apply_schema(graph)
                    started = time.perf_counter()
                    done = ways[way]()
                    timings[way].append(done / (time.perf_counter() - started))
    finally:
        graph.close()
    rate = {way: statistics.median(values) for way, values in timings.items()}
    return {
        "cycles": cycles,
        "rows": rows,
        "per_request_rows": written["per_request"],
        "repeats": repeats,
        "rows_per_second": rate,
        "seconds": {way: rows / r for way, r in rate.items()},
        "bulk_api_vs_raw_unwind": rate["bulk_api"] / rate["raw_unwind"],
        "bulk_api_vs_per_request": rate["bulk_api"] / rate["per_request"],
        "bulk_domain_vs_raw_unwind": rate["bulk_domain"] / rate["raw_unwind"],
        "bulk_api_vs_raw_light": rate["bulk_api"] / rate["raw_light"],
    }


def print_figures(figures: dict[str, Any]) -> None:
    print(
        f"{figures['cycles']} cycles = {figures['rows']:,} rows (cycles, links, experiments, evidence); "
        f"per-request path on {figures['per_request_rows']:,} rows; medians of {figures['repeats']}"
    )
    for way, rate in figures["rows_per_second"].items():
        print(f"  {way:<12} {rate:>10,.0f} rows/s   ({figures['seconds'][way]:.2f} s for all rows)")
    print(f"  bulk API ÷ raw UNWIND   {figures['bulk_api_vs_raw_unwind']:.2f}   (target ≥ 0.8)")
    print(f"  bulk API ÷ per-request  {figures['bulk_api_vs_per_request']:.0f}   (target ≥ 50)")
    print(f"  bulk domain ÷ raw       {figures['bulk_domain_vs_raw_unwind']:.2f}")
    print(f"  bulk API ÷ raw light    {figures['bulk_api_vs_raw_light']:.2f}   (the generator's rows)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=50, help="cycles written one request at a time")
    args = parser.parse_args()
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    data_dir = Path(tempfile.mkdtemp(prefix="hls-bench-bulk-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    local_neo4j.start(data_dir, port=port, heap="1g", page_cache="512m")
    try:
        settings = Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", hls_data_dir=data_dir, _env_file=None)
        print_figures(run_bulk_benchmark(settings, args.cycles, args.repeats, args.sample))
    finally:
        local_neo4j.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

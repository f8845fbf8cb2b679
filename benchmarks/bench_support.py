"""What the benchmarks share: a throwaway Neo4j, the generator loaded at a size, side-by-side
timing (interleaved rounds, medians), the API served by uvicorn in a subprocess, generated systems.

Every figure the report gives is a RATIO of two things measured in the same run, round by round
interleaved (A, B, A, B, ...), so the machine's noise hits both alike; absolute milliseconds are
printed next to them for orientation only.
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.core import local_neo4j  # noqa: E402
from graph.core.db import Graph, apply_schema, connect  # noqa: E402
from graph.core.settings import Settings  # noqa: E402
from graph.systems.snapshot import SnapshotCluster, SnapshotFactor, SnapshotLink, SystemSnapshot  # noqa: E402

# One region of the generator (benchmarks/questions_profile.py, default shape) is 3,825 cycles.
CYCLES_PER_REGION = 3_825
# The cycles asked about at each scale (all in region r0, present at every size).
SUBJECTS = {"team": "r0-pl0-o0-t1", "organisation": "r0-pl0-o0", "place": "r0-pl0", "region": "r0"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_neo4j() -> Iterator[Settings]:
    """Settings for a local Neo4j started in a temporary folder (or for NEO4J_URI when
    BENCH_NEO4J_URI names one the benchmark may empty), stopped and deleted afterwards."""
    given = os.environ.get("BENCH_NEO4J_URI")
    if given:
        yield Settings(neo4j_uri=given, _env_file=None)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="hls-bench-"))
    port = free_port()
    # 3g: the generator writes a region (~80,000 nodes with their history) in one transaction, more
    # than a 2g heap's transaction memory (70 %) holds.
    local_neo4j.start(data_dir, port=port, heap=os.environ.get("BENCH_HEAP", "3g"),
                      page_cache=os.environ.get("BENCH_PAGE_CACHE", "2g"))
    try:
        yield Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", _env_file=None)
    finally:
        local_neo4j.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def regions_for(cycles: int) -> int:
    return max(1, round(cycles / CYCLES_PER_REGION))


def wipe(graph: Graph) -> None:
    """Empty the benchmark database in batches (auto-commit): its relationships, then its nodes. One
    transaction runs out of memory on a large one (a 23k-cycle database with its history did at a 3 GB
    heap), and so does detaching a node with 100,000s of relationships in one batch."""
    for name in ("wipe_relationships", "wipe"):
        text = (Path(__file__).parent / "cypher" / f"{name}.cypher").read_text(encoding="utf-8")
        with graph.driver.session(database=graph.database) as session:
            session.run(text).consume()


def load_regions(graph: Graph, first: int, last: int, progress: Callable[[str], None] = print) -> None:
    """Regions ``first``..``last - 1`` of the generator, through its own loader (questions_profile;
    the bulk path when that loads through it). Region 0 also wipes and prepares the database."""
    import questions_profile as generator

    if first == 0:
        wipe(graph)
        apply_schema(graph)
        graph.write_tx(lambda tx: tx.run(generator.bench_query("factors"), system="bench",
                                          factors=generator.FACTORS).consume())
    for number in range(first, last):
        started = time.perf_counter()
        generator.load_region(graph, generator.Region(number, 4, 5, 10, 18), 5000)
        progress(f"  region r{number} loaded in {time.perf_counter() - started:.1f} s")


class Timed(float):
    """What a case returns when it times itself (seconds): only part of its work is the measured
    thing (a cold answer: the write before it is not timed)."""


def after_a_write(graph: Graph, work: Callable[[], Any]) -> Callable[[], Timed]:
    """``work`` timed just after a write that changes the database state (benchmarks/cypher/tick):
    a cold answer, whatever the API keeps per state."""
    tick = (Path(__file__).parent / "cypher" / "tick.cypher").read_text(encoding="utf-8")

    def cold() -> Timed:
        graph.write_tx(lambda tx: tx.run(tick).consume())
        started = time.perf_counter()
        work()
        return Timed(time.perf_counter() - started)

    return cold


def side_by_side(cases: dict[str, Callable[[], Any]], rounds: int, warm: int = 1) -> dict[str, float]:
    """Median seconds of each case, the cases run interleaved round by round (after ``warm``
    unmeasured rounds): what every ratio in the report is made of. A case that returns
    :class:`Timed` is measured by what it returns."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for round_number in range(warm + rounds):
        for name, work in cases.items():
            started = time.perf_counter()
            result = work()
            elapsed = result if isinstance(result, Timed) else time.perf_counter() - started
            if round_number >= warm:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def served_api(settings: Settings, app_dir: Path = ROOT, workers: int = 1,
               env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """The API of ``app_dir`` (this checkout, or another one to compare with) served by uvicorn in
    a subprocess on a free port against ``settings``' Neo4j (``env_extra``: more settings); yields
    its base URL."""
    port = free_port()
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "PYTHONPATH": str(app_dir),
           "NEO4J_DATABASE": settings.neo4j_database, "HLS_LOG_LEVEL": "warning", **(env_extra or {})}
    # Several workers as `hls-graph serve --workers N` runs them (app/serving.py, TCP_NODELAY kept),
    # when the checkout has it; else (an older checkout) plain uvicorn.
    server = "app.serving" if workers > 1 and (app_dir / "app" / "serving.py").exists() else "uvicorn"
    command = [sys.executable, "-m", server, "app.main:app", "--port", str(port),
               "--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=app_dir, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the API of {app_dir} did not start")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def generated_system(factors: int, links_per_factor: int = 4, seed: int = 42) -> SystemSnapshot:
    """A random outcome system: ``factors`` factors in ten clusters, ``links_per_factor`` × as many
    links with ±1 polarity (the shape of a stored map)."""
    import networkx as nx

    rng = random.Random(seed)
    shape = nx.gnm_random_graph(factors, links_per_factor * factors, seed=seed, directed=True)
    return SystemSnapshot(
        id=f"gen{factors}", name=f"Generated {factors}-factor map", outcome="benchmark",
        clusters=[SnapshotCluster(f"c{i}", f"Cluster {i}") for i in range(10)],
        factors=[SnapshotFactor(str(n), f"Factor {n}", f"generated factor {n}", cluster=f"c{n % 10}")
                 for n in shape],
        links=[SnapshotLink(str(a), str(b), rng.choice((1, -1))) for a, b in shape.edges],
    )


def connect_to(settings: Settings) -> Graph:
    return connect(settings)

"""Bounded analysis (issue 15): only the requested centrality measure is computed; analyses run in
worker processes that are killed when over budget or when the client has gone; a client gets 429
beyond its share; answers are cached by the system's content, so a write is never answered stale."""

from __future__ import annotations

import asyncio
import pickle
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import networkx.algorithms.centrality as nx_centrality
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.analysis.centrality import MEASURES, centrality, reach_counts, top
from graph.analysis.stored import centrality_of
from graph.analysis.workers import ClientGone, OverBudget, WorkerPool
from graph.core.db import Graph
from graph.core.errors import AppError, NotFound
from graph.core.settings import Settings
from graph.datasets.foresight import load_foresight
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import read_analysis_graph, read_system_graph, save_system
from tests.systems_support import write_elsewhere


def random_map(n: int, m: int, seed: int = 1) -> nx.DiGraph:
    rng = random.Random(seed)
    G = nx.DiGraph()
    G.add_nodes_from(f"m:{i}" for i in range(n))
    while G.number_of_edges() < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            G.add_edge(f"m:{a}", f"m:{b}", polarity=rng.choice((1, -1)))
    return G


# --- only what is asked for -----------------------------------------------------------------------

def test_degree_ranking_never_runs_the_whole_map_measures(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a whole-map measure was computed for measure=degree")

    for name in ("betweenness_centrality", "closeness_centrality", "eigenvector_centrality", "pagerank"):
        monkeypatch.setattr(nx, name, refuse)
        if hasattr(nx_centrality, name):
            monkeypatch.setattr(nx_centrality, name, refuse)
    G = random_map(200, 800)
    answer = top(G, "degree", 5)
    monkeypatch.undo()
    assert answer["eigenvector_method"] is None
    assert [row["degree"] for row in answer["factors"]] == sorted((d for _, d in G.degree), reverse=True)[:5]
    for row in answer["factors"]:  # the listed rows still carry closeness and reach, one search each
        assert row["betweenness"] is None and row["eigenvector"] is None
        assert row["closeness"] == pytest.approx(nx.closeness_centrality(G, u=row["id"]))
        assert row["reach"] == len(nx.descendants(G, row["id"]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reach_by_condensation_equals_descendants(seed: int) -> None:
    G = random_map(60, 90, seed)
    G.add_node("m:alone")
    assert reach_counts(G) == {n: len(nx.descendants(G, n)) for n in G}


def test_asking_for_one_measure_leaves_the_others_out() -> None:
    G = random_map(30, 60)
    for measure in MEASURES:
        values = centrality(G, measures=(measure,))["factors"]["m:0"]
        assert values[measure] is not None or measure == "leverage"
        expensive = {"betweenness", "closeness", "eigenvector", "reach"} - {measure}
        assert all(values[m] is None for m in expensive), measure


# --- the worker pool ------------------------------------------------------------------------------

def job(*args: object, **kwargs: object) -> bytes:
    return pickle.dumps((args, kwargs))


def test_a_job_over_budget_is_killed_and_its_worker_replaced() -> None:
    pool = WorkerPool(size=1)

    async def scenario() -> tuple[int, int, bool]:
        first = await pool.run(len, job("abc"), budget=30)
        worker = (await pool._acquire(1))  # the one idle worker, to watch its process
        pool._idle.put_nowait(worker)
        with pytest.raises(OverBudget) as over:
            await pool.run(time.sleep, job(60), budget=0.5)
        assert over.value.status == 503 and over.value.details["retry_after"] >= 1
        worker.process.join(timeout=5)
        return first, await pool.run(len, job([1, 2]), budget=30), worker.process.is_alive()

    try:
        first, after, alive = asyncio.run(scenario())
    finally:
        pool.close()
    assert (first, after) == (3, 2)  # the replacement answers
    assert alive is False and pool.killed == 1


def test_a_job_whose_client_has_gone_is_killed() -> None:
    pool = WorkerPool(size=1, poll_seconds=0.05)
    polls = []

    async def gone() -> bool:
        polls.append(1)
        return len(polls) >= 2

    async def scenario() -> None:
        with pytest.raises(ClientGone):
            await pool.run(time.sleep, job(60), budget=60, gone=gone)

    try:
        asyncio.run(scenario())
    finally:
        pool.close()
    assert pool.killed == 1 and len(polls) == 2


def test_a_refusal_in_a_worker_is_the_same_refusal_here() -> None:
    pool = WorkerPool(size=1)

    async def scenario() -> AppError:
        with pytest.raises(AppError) as refused:
            await pool.run(centrality_of, job(nx.DiGraph(), "m", "fame"), budget=30)
        return refused.value

    try:
        refusal = asyncio.run(scenario())
    finally:
        pool.close()
    assert refusal.status == 422 and refusal.code == "rule_broken" and "unknown measure" in refusal.message


def test_workers_yield_the_cpu_to_the_api() -> None:
    """Workers run at a lower priority (higher niceness) than the API process, so busy analyses do
    not starve the event loop (issue 15: /health under a flood)."""
    import os

    from graph.analysis.workers import WORKER_NICENESS

    pool = WorkerPool(size=1)
    try:
        theirs = asyncio.run(pool.run(os.nice, job(0), budget=30))
    finally:
        pool.close()
    assert theirs == min(19, os.nice(0) + WORKER_NICENESS)


def test_a_worker_does_not_import_the_programs_main_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new worker imports nothing for ``__main__`` (a program's main script would be run again,
    with all its imports, before the worker's first job), and this process's ``__main__`` is kept."""
    import sys
    import types

    marker = tmp_path / "imported"
    script = tmp_path / "program.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    program = types.ModuleType("__main__")
    program.__file__ = str(script)
    program.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", program)
    pool = WorkerPool(size=1)
    try:
        assert asyncio.run(pool.run(len, job("ab"), budget=30)) == 2
    finally:
        pool.close()
    assert not marker.exists()
    assert sys.modules["__main__"] is program and program.__file__ == str(script) and program.__spec__ is None


# --- the routes -----------------------------------------------------------------------------------

def dense_snapshot(system_id: str, n: int = 500, m: int = 6000) -> SystemSnapshot:
    G = random_map(n, m, seed=7)
    return SystemSnapshot(
        id=system_id, name="Dense", outcome="load",
        factors=[SnapshotFactor(str(i), f"F{i}") for i in range(n)],
        links=[SnapshotLink(u[2:], v[2:], p) for u, v, p in G.edges(data="polarity")],
    )


@pytest.fixture
def tight_client(clean_graph: Graph, neo4j_settings: Settings) -> Iterator[TestClient]:
    """An app whose analyses get 0.3 s (no time_budget of their own) and one at a time per client."""
    save_system(clean_graph, dense_snapshot("dense"))
    settings = neo4j_settings.model_copy(update={"hls_analysis_budget_seconds": 0.3,
                                                 "hls_analysis_per_client": 1})
    with TestClient(create_app(settings)) as client:
        yield client


def test_an_analysis_over_its_budget_answers_503_with_retry_after(tight_client: TestClient) -> None:
    response = tight_client.get("/systems/dense/centrality", params={"measure": "betweenness"})
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "analysis_over_budget"
    assert int(response.headers["Retry-After"]) >= 1
    assert tight_client.app.state.analyses.pool.killed == 1
    # The cheap measure on the same system fits the budget: only it is computed.
    degree = tight_client.get("/systems/dense/centrality", params={"measure": "degree", "top": 3})
    assert degree.status_code == 200, degree.text
    assert degree.json()["factors"][0]["betweenness"] is None


def test_a_client_beyond_its_share_gets_429_with_retry_after(tight_client: TestClient) -> None:
    answers: list[int] = []
    slow = threading.Thread(target=lambda: answers.append(tight_client.get(
        "/systems/dense/centrality", params={"measure": "betweenness"}).status_code))
    slow.start()
    analyses = tight_client.app.state.analyses
    while not analyses.running and slow.is_alive():
        time.sleep(0.01)
    second = tight_client.get("/systems/dense/trophic")
    slow.join()
    assert answers == [503]
    assert second.status_code == 429, second.text
    assert second.json()["error"] == "too_many_analyses" and int(second.headers["Retry-After"]) >= 1


def test_answers_are_cached_until_the_system_changes(clean_graph: Graph, client: TestClient) -> None:
    save_system(clean_graph, dense_snapshot("small", n=6, m=10))
    cache = client.app.state.analyses.cache
    cache.clear()
    first = client.get("/systems/small/loops").json()
    assert client.get("/systems/small/loops").json() == first and len(cache) == 1
    # A write changes the content, so the key: the new answer, not the cached one.
    links = {(link["source"], link["target"])
             for link in client.get("/systems/small/links", params={"limit": 100}).json()["items"]}
    source, target = next((f"{a}", f"{b}") for a in range(6) for b in range(6)
                          if a != b and (f"small:{a}", f"small:{b}") not in links
                          and (f"small:{b}", f"small:{a}") in links)
    created = client.post("/systems/small/links", json={"source": source, "target": target, "polarity": -1})
    assert created.status_code == 201, created.text
    second = client.get("/systems/small/loops").json()
    assert second["totals"]["total"] > first["totals"]["total"] and len(cache) == 2


def test_the_analysis_read_is_the_snapshot_read(clean_graph: Graph) -> None:
    load_foresight(clean_graph)
    save_system(clean_graph, dense_snapshot("dense", n=30, m=60))
    for system_id in ("foresight-obesity", "dense"):
        slow, fast = read_system_graph(clean_graph, system_id), read_analysis_graph(clean_graph, system_id)
        assert fast.graph == slow.graph
        assert list(fast.nodes(data=True)) == list(slow.nodes(data=True))
        assert list(fast.edges(data=True)) == list(slow.edges(data=True))
    with pytest.raises(NotFound):
        read_analysis_graph(clean_graph, "nope")


def test_the_analysis_read_is_kept_until_the_database_changes(
    clean_graph: Graph, neo4j_settings: Settings,
) -> None:
    """The graph an analysis reads is served again while nothing is written — and read again after
    any write (here one through another driver), so it is never stale."""
    save_system(clean_graph, dense_snapshot("kept", n=8, m=16))
    first = read_analysis_graph(clean_graph, "kept")
    assert read_analysis_graph(clean_graph, "kept") is first  # no write: the same graph, no read
    assert clean_graph.version() == clean_graph.version()
    before = clean_graph.version()
    write_elsewhere(neo4j_settings, "MATCH (f:Factor {id: 'kept:0'}) SET f.name = 'Renamed elsewhere'")
    assert clean_graph.version() != before
    again = read_analysis_graph(clean_graph, "kept")
    assert again is not first and again.nodes["kept:0"]["name"] == "Renamed elsewhere"
    assert first.nodes["kept:0"]["name"] != "Renamed elsewhere"  # what was handed out is untouched


def test_the_answer_cache_names_graphs_by_content_when_no_state_is_known() -> None:
    """Two graphs alike in name and size but not in links must not share a cached answer."""
    from app.bounded import _identity

    a, b = nx.DiGraph(id="s"), nx.DiGraph(id="s")
    a.add_edge("1", "2", polarity=1)
    b.add_edge("1", "2", polarity=-1)
    assert _identity(({"x": 1}, {"s": a})) != _identity(({"x": 1}, {"s": b}))
    assert _identity(({"x": 1}, {"s": a})) == _identity(({"x": 1}, {"s": a.copy()}))

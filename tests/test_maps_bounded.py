"""System maps are drawn in the bounded analysis worker pool (issue 15): a map over its hard budget
is killed (503 ``analysis_over_budget`` with Retry-After), a client beyond its share gets 429, the
drawing happens in a worker (not in the API process), and what was drawn is still kept per
database state in the API process (a repeated map of an unchanged system needs no worker)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph import maps
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.systems.system import save_system
from tests.test_analysis_bounded import dense_snapshot

# Every simple path of up to 50 links between two factors of a dense map: far beyond 0.3 s.
ENDLESS = {"from": "0", "to": "1", "max_length": 50, "layout": "force"}


@pytest.fixture
def tight_client(clean_graph: Graph, neo4j_settings: Settings) -> Iterator[TestClient]:
    """An app whose analyses and maps get 0.3 s and one at a time per client."""
    save_system(clean_graph, dense_snapshot("dense"))
    settings = neo4j_settings.model_copy(update={"hls_analysis_budget_seconds": 0.3,
                                                 "hls_analysis_per_client": 1})
    maps.forget_kept_maps()
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_map_over_its_budget_is_killed_and_answers_503_with_retry_after(tight_client: TestClient) -> None:
    response = tight_client.get("/maps/systems/dense", params=ENDLESS)
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "analysis_over_budget"
    assert int(response.headers["Retry-After"]) >= 1
    assert tight_client.app.state.analyses.pool.killed == 1
    # A browser gets the same refusal as a page.
    page = tight_client.get("/maps/systems/dense", params=ENDLESS, headers={"Accept": "text/html"})
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert tight_client.app.state.analyses.pool.killed == 2


def test_a_map_beyond_the_clients_share_gets_429(tight_client: TestClient) -> None:
    answers: list[int] = []
    slow = threading.Thread(target=lambda: answers.append(
        tight_client.get("/maps/systems/dense", params=ENDLESS).status_code))
    slow.start()
    analyses = tight_client.app.state.analyses
    while not analyses.running and slow.is_alive():
        time.sleep(0.01)
    second = tight_client.get("/maps/systems/dense", params={"layout": "trophic"})
    slow.join()
    assert answers == [503]
    assert second.status_code == 429, second.text
    assert second.json()["error"] == "too_many_analyses" and int(second.headers["Retry-After"]) >= 1


def test_the_map_is_drawn_in_a_worker_and_kept_here(
    client: TestClient, clean_graph: Graph, monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_system(clean_graph, dense_snapshot("small", n=12, m=30))
    maps.forget_kept_maps()

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the map was laid out in the API process")

    monkeypatch.setattr(maps, "choose_positions", refuse)  # only this process is patched
    first = client.get("/maps/systems/small", params={"layout": "force"})
    assert first.status_code == 200, first.text
    assert first.headers["content-type"].startswith("text/html") and "F0" in first.text

    async def no_worker(*_: object, **__: object) -> None:
        raise AssertionError("a kept page went to a worker again")

    monkeypatch.setattr(client.app.state.analyses.pool, "run", no_worker)
    again = client.get("/maps/systems/small", params={"layout": "force"})
    assert again.status_code == 200 and again.text == first.text
    # A highlighted page is drawn again (not kept whole) but reuses the kept layout: no worker
    # means the route fails, which shows it did go to one.
    with pytest.raises(AssertionError, match="went to a worker"):
        client.get("/maps/systems/small", params={"layout": "force", "focus": "0"})


def test_the_cli_still_draws_in_process(clean_graph: Graph) -> None:
    """``hls-graph map`` draws without a pool and keeps the page like the API does."""
    save_system(clean_graph, dense_snapshot("cli", n=8, m=16))
    maps.forget_kept_maps()
    html = maps.system_map_html(clean_graph, "cli", layout="trophic")
    assert maps.read_system_page(clean_graph, "cli", "trophic") == html
    job = maps.read_system_page(clean_graph, "cli", "trophic", maps.SystemHighlight(focus="0"))
    assert isinstance(job, maps.SystemPage) and job.levels is not None and job.placed is not None


# --- nothing left for the first request to start (issue 15: the cold first analysis) ------------

def test_the_workers_and_routes_are_ready_before_the_first_request(
    neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import fastapi.routing

    context = getattr(fastapi.routing, "_EffectiveRouteContext", None)
    built: list[str] = []
    if context is not None:  # FastAPI ≥ 0.16x builds each route's matching state on first use
        original = context.from_api_route.__func__

        def counted(cls: type, *args: object, **kwargs: object) -> object:
            built.append("route")
            return original(cls, *args, **kwargs)

        monkeypatch.setattr(context, "from_api_route", classmethod(counted))
    with TestClient(create_app(neo4j_settings)) as client:
        pool = client.app.state.analyses.pool
        assert pool._started == pool.size and pool._idle.qsize() == pool.size
        assert all(worker.process.is_alive() for worker in list(pool._idle._queue))
        built.clear()
        assert client.get("/systems").status_code == 200
        assert built == []  # no route's state was left to build


def test_the_biggest_systems_are_read_ahead_at_start_up(clean_graph: Graph, neo4j_settings: Settings) -> None:
    import threading

    from graph.systems import system

    save_system(clean_graph, dense_snapshot("ahead", n=20, m=40))
    system._PROJECTIONS.clear()
    with TestClient(create_app(neo4j_settings)) as client:
        for thread in threading.enumerate():
            if thread.name == "hls-read-ahead":
                thread.join(timeout=60)
        graph = client.app.state.graph
        kept = system._PROJECTIONS.get((id(graph.driver), graph.database, "ahead"))
        assert kept is not None and len(kept[1]) == 20
        # The first analysis finds it: the same graph object, no second read.
        assert system.read_analysis_graph(graph, "ahead") is kept[1]


def test_requests_for_a_system_being_read_wait_for_that_read(
    clean_graph: Graph, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Several requests for a cold system read it once (the others take that graph), not each."""
    import threading

    from graph.core.db import Graph as GraphClass
    from graph.systems import system

    save_system(clean_graph, dense_snapshot("once", n=30, m=60))
    system._PROJECTIONS.clear()
    reads: list[int] = []
    original = GraphClass.read_versioned

    def slow_read(self: Graph, work: object) -> object:
        answer = original(self, work)
        if isinstance(answer[0], list) and answer[0] and "factors" in answer[0][0]:
            reads.append(1)
            time.sleep(0.3)  # long enough for the others to arrive meanwhile
        return answer

    monkeypatch.setattr(GraphClass, "read_versioned", slow_read)
    graphs: list[object] = []
    readers = [threading.Thread(target=lambda: graphs.append(system.read_analysis_graph(clean_graph, "once")))
               for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(graphs) == 4 and all(g is graphs[0] for g in graphs)
    assert reads == [1]

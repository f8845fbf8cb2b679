"""The analysis routes and CLI on systems stored in the real Neo4j (written with ``save_system``),
and ``GET /cycles/{id}/factors`` on a small constructed learning graph."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.core.db import Graph
from graph.core.settings import Settings, get_settings
from graph.datasets.foresight import load_foresight
from graph.systems.snapshot import SnapshotCluster, SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import read_system_graph, save_system
from tests.builders import Builder

NAMES = {"1": "Alpha", "2": "Beta", "3": "Gamma", "4": "Delta", "5": "Echo", "6": "Lone"}
LINKS = [  # (source, target, polarity)
    ("1", "2", -1), ("2", "1", -1),   # the negative self-reinforcing pair
    ("2", "3", 1), ("3", "2", -1),    # a balancing pair
    ("3", "4", 1), ("4", "3", 1),     # a reinforcing pair
    ("5", "1", 1), ("3", "1", 1), ("4", "1", -1),
]
# Loops of toy (by hand): 1-2, 2-3, 3-4, 1→2→3→1 (one negative), 1→2→3→4→1 (two negatives).
# (Self-loops are covered by the pure tests in test_analysis_loops.py.)
TOY_TOTALS = {"reinforcing": 3, "balancing": 2, "undetermined": 0, "total": 5}


def toy_snapshot(system_id: str = "toy") -> SystemSnapshot:
    return SystemSnapshot(
        id=system_id, name="Toy map", outcome="testing",
        clusters=[SnapshotCluster("left", "Left"), SnapshotCluster("right", "Right")],
        factors=[SnapshotFactor(k, name, cluster="left" if k in "12" else "right" if k != "6" else None)
                 for k, name in NAMES.items()],
        links=[SnapshotLink(s, t, p) for s, t, p in LINKS],
    )


@pytest.fixture
def toy(clean_graph: Graph) -> Graph:
    save_system(clean_graph, toy_snapshot())
    return clean_graph


def loop_ids(body: dict) -> list[list[str]]:
    return [[f["id"] for f in loop["factors"]] for loop in body["loops"]]


def test_loops_route_lists_every_loop_with_polarity(toy: Graph, client: TestClient) -> None:
    body = client.get("/systems/toy/loops").json()
    assert body["system"] == "toy"
    assert body["totals"] == TOY_TOTALS
    assert body["complete"] is True and body["cut_by"] == []
    assert loop_ids(body) == [
        ["toy:1", "toy:2"], ["toy:2", "toy:3"], ["toy:3", "toy:4"],
        ["toy:1", "toy:2", "toy:3"], ["toy:1", "toy:2", "toy:3", "toy:4"],
    ]
    assert [loop["polarity"] for loop in body["loops"]] == [
        "reinforcing", "balancing", "reinforcing", "balancing", "reinforcing"]
    assert body["loops"][0]["factors"][0] == {"id": "toy:1", "name": "Alpha"}


def test_loops_route_bounds_and_through_by_id_local_id_and_name(client: TestClient, toy: Graph) -> None:
    cut = client.get("/systems/toy/loops", params={"max_length": 2, "limit": 2}).json()
    assert cut["totals"] == {"reinforcing": 2, "balancing": 1, "undetermined": 0, "total": 3}
    assert cut["cut_by"] == ["max_length", "limit"] and len(cut["loops"]) == 2
    counted = client.get("/systems/toy/loops", params={"count_limit": 3}).json()
    assert counted["complete"] is False and "count_limit" in counted["cut_by"]
    assert counted["totals"]["total"] == 3
    for ref in ("toy:3", "3", "Gamma"):
        through = client.get("/systems/toy/loops", params={"through": ref}).json()
        assert through["through"] == {"id": "toy:3", "name": "Gamma"}
        assert through["totals"]["total"] == 4
        assert all(loop[0] == "toy:3" for loop in loop_ids(through))


@pytest.mark.parametrize("params", [
    {"max_length": 0}, {"max_length": 51}, {"limit": 0}, {"limit": 10_001}, {"count_limit": 0},
    {"time_budget": 0}, {"max_length": "six"},
])
def test_loops_route_refuses_bad_bounds(client: TestClient, params: dict) -> None:
    response = client.get("/systems/toy/loops", params=params)
    assert response.status_code == 422
    assert list(params)[0] in json.dumps(response.json())


def test_unknown_system_and_factor_are_404_naming_them(client: TestClient, toy: Graph) -> None:
    missing = client.get("/systems/nope/loops")
    assert missing.status_code == 404 and missing.json()["id"] == "nope"
    for url, params in [("/systems/toy/loops", {"through": "Zeta"}),
                        ("/systems/toy/factors/Zeta/upstream", {}),
                        ("/systems/toy/paths", {"from": "Alpha", "to": "Zeta"}),
                        ("/systems/toy/centrality", {"factor": "Zeta"})]:
        response = client.get(url, params=params)
        assert response.status_code == 404, url
        assert response.json()["kind"] == "factor" and response.json()["id"] == "Zeta"
        assert "'Zeta'" in response.json()["message"]
    for url in ("/systems/nope/centrality", "/systems/nope/trophic", "/systems/nope/communities",
                "/systems/nope/factors/1/downstream"):
        assert client.get(url).status_code == 404, url


def test_centrality_route_equals_networkx_on_the_stored_graph(client: TestClient, toy: Graph) -> None:
    G = read_system_graph(toy, "toy")
    body = client.get("/systems/toy/centrality", params={"measure": "betweenness", "top": 6}).json()
    betweenness = nx.betweenness_centrality(G)
    assert [row["id"] for row in body["factors"]] == sorted(G, key=lambda n: (-betweenness[n], n))
    # Only the measure asked for is computed (issue 15): no eigenvector pass for betweenness.
    assert body["of"] == 6 and body["eigenvector_method"] is None
    assert body["factors"][0]["eigenvector"] is None
    for row in body["factors"]:
        assert row["betweenness"] == pytest.approx(betweenness[row["id"]])
        assert row["closeness"] == pytest.approx(nx.closeness_centrality(G)[row["id"]])
        assert row["in_degree"] == G.in_degree(row["id"])
        assert row["reach"] == len(nx.descendants(G, row["id"]))
    one = client.get("/systems/toy/centrality", params={"factor": "Echo"}).json()["factor"]
    assert one["id"] == "toy:5" and one["values"]["leverage"] is None and one["values"]["reach"] == 4
    assert one["ranks"]["leverage"] == 1  # the only pure driver ranks first
    assert client.get("/systems/toy/centrality", params={"measure": "fame"}).status_code == 422
    assert client.get("/systems/toy/centrality", params={"top": 0}).status_code == 422


def test_upstream_downstream_and_paths_routes(client: TestClient, toy: Graph) -> None:
    down = client.get("/systems/toy/factors/5/downstream", params={"steps": 2}).json()
    assert [(f["id"], f["distance"], f["polarity"]) for f in down["factors"]] == [
        ("toy:1", 1, "positive"), ("toy:2", 2, "negative")]
    up = client.get("/systems/toy/factors/Alpha/upstream", params={"steps": 1}).json()
    assert up["factor"] == {"id": "toy:1", "name": "Alpha"}
    assert [(f["id"], f["polarity"]) for f in up["factors"]] == [
        ("toy:2", "negative"), ("toy:3", "positive"), ("toy:4", "negative"), ("toy:5", "positive")]
    assert client.get("/systems/toy/factors/1/upstream", params={"steps": 0}).status_code == 422
    assert client.get("/systems/toy/factors/1/upstream", params={"steps": 51}).status_code == 422

    body = client.get("/systems/toy/paths", params={"from": "Echo", "to": "toy:4"}).json()
    assert body["from"] == {"id": "toy:5", "name": "Echo"} and body["to"]["id"] == "toy:4"
    assert body["shortest"]["length"] == 4 and body["shortest"]["count"] == 1
    assert [[f["id"] for f in p["factors"]] for p in body["paths"]] == [
        ["toy:5", "toy:1", "toy:2", "toy:3", "toy:4"]]
    assert body["paths"][0]["polarity"] == "negative" and body["totals"]["negative"] == 1
    assert client.get("/systems/toy/paths", params={"from": "6", "to": "1"}).json()["reachable"] is False
    same = client.get("/systems/toy/paths", params={"from": "1", "to": "Alpha"})
    assert same.status_code == 422 and same.json()["rule"] == "same_factor"
    assert client.get("/systems/toy/paths", params={"from": "1"}).status_code == 422


def test_communities_and_trophic_routes(client: TestClient, toy: Graph) -> None:
    first = client.get("/systems/toy/communities", params={"seed": 5}).json()
    assert client.get("/systems/toy/communities", params={"seed": 5}).json() == first
    assert sum(c["size"] for c in first["communities"]) == 6
    assert first["contingency"]["clusters"] == ["Left", "Right", None]
    assert first["factors"]["toy:6"] == {"community": len(first["communities"]), "cluster": None}
    assert client.get("/systems/toy/communities", params={"resolution": 0}).status_code == 422

    trophic = client.get("/systems/toy/trophic").json()
    G = read_system_graph(toy, "toy")
    assert trophic["method"] == "levine" and trophic["reason"] is None  # Echo and Lone are basal
    assert trophic["levels"] == pytest.approx(nx.trophic_levels(G, weight=None))
    assert trophic["levels"]["toy:5"] == trophic["levels"]["toy:6"] == 1.0
    assert trophic["levels"]["toy:1"] > trophic["levels"]["toy:5"]
    assert trophic["layers"][0] == {"layer": 1, "factors": ["toy:5", "toy:6"]}
    save_system(toy, SystemSnapshot(id="empty", name="Empty", outcome="nothing"))
    empty = client.get("/systems/empty/trophic")
    assert empty.status_code == 422 and empty.json()["rule"] == "empty_system"


def test_foresight_map_analyses(client: TestClient, clean_graph: Graph) -> None:
    """The closing-note numbers: loop totals of the Foresight obesity map, all complete."""
    load_foresight(clean_graph)
    expected = {4: {"reinforcing": 29, "balancing": 14, "undetermined": 0, "total": 43},
                6: {"reinforcing": 115, "balancing": 78, "undetermined": 0, "total": 193},
                8: {"reinforcing": 522, "balancing": 379, "undetermined": 0, "total": 901}}
    for max_length, totals in expected.items():
        body = client.get("/systems/foresight-obesity/loops",
                          params={"max_length": max_length, "limit": 1000}).json()
        assert body["totals"] == totals
        assert body["complete"] is True and body["cut_by"] == ["max_length"]  # an 86-factor strong part
        assert "86 factors" in body["notes"][0]
    two = client.get("/systems/foresight-obesity/loops", params={"max_length": 2}).json()
    assert two["by_length"] == [{"length": 2, "reinforcing": 12, "balancing": 0, "undetermined": 0,
                                 "total": 12}]
    self_esteem = client.get("/systems/foresight-obesity/loops", params={"through": "Self esteem"}).json()
    assert self_esteem["totals"] == {"reinforcing": 17, "balancing": 1, "undetermined": 0, "total": 18}
    communities = client.get("/systems/foresight-obesity/communities").json()
    assert len(communities["contingency"]["clusters"]) == 8
    assert sum(c["size"] for c in communities["communities"]) == 108
    trophic = client.get("/systems/foresight-obesity/trophic").json()
    assert trophic["method"] == "levine"
    assert len(trophic["layers"][0]["factors"]) == 8  # the eight factors nothing in the map drives


# --- GET /cycles/{id}/factors -------------------------------------------------------------------

@pytest.fixture
def learning(toy: Graph) -> Graph:
    """region ← place ← (team-a, team-b); team-a also feeds an organisation that feeds the place
    (a diamond: team-a is reached twice and must count once). A second system, other."""
    save_system(toy, toy_snapshot("other"))
    b = Builder(toy)
    for cycle, scale in [("region", "region"), ("place", "place"), ("org", "organisation"),
                         ("team-a", "team"), ("team-b", "team"), ("elsewhere", "team")]:
        b.cycle(cycle, scale)
    for lower, upper in [("place", "region"), ("org", "place"), ("team-a", "org"), ("team-a", "place"),
                         ("team-b", "place")]:
        b.feeds(lower, upper)
    acts = {"e-place": ("place", ["toy:3"]), "e-a1": ("team-a", ["toy:3", "toy:5"]),
            "e-a2": ("team-a", ["other:1"]), "e-b": ("team-b", ["toy:6"]),
            "e-elsewhere": ("elsewhere", ["toy:1"])}
    for experiment, (cycle, factors) in acts.items():
        b.experiment(experiment, cycle)
        for factor in factors:
            toy.write("learning/experiment_intervenes_add", id=experiment, factor=factor)
    return toy


def test_cycle_factors_groups_by_system_with_loops(client: TestClient, learning: Graph) -> None:
    body = client.get("/cycles/region/factors").json()
    assert body["cycle"] == {"id": "region", "name": "region"}
    assert [(c["id"], c["distance"]) for c in body["cycles"]] == [
        ("region", 0), ("place", 1), ("org", 2), ("team-a", 2), ("team-b", 2)]
    assert [s["id"] for s in body["systems"]] == ["other", "toy"]
    toy_factors = {f["id"]: f for f in body["systems"][1]["factors"]}
    assert set(toy_factors) == {"toy:3", "toy:5", "toy:6"}   # not toy:1 (elsewhere is not below)
    gamma = toy_factors["toy:3"]
    assert gamma["cycles"] == ["place", "team-a"] and gamma["experiments"] == ["e-a1", "e-place"]
    assert gamma["cluster"] == "Right"
    assert gamma["loops"]["totals"] == {"reinforcing": 2, "balancing": 2, "undetermined": 0, "total": 4}
    assert all(loop["factors"][0]["id"] == "toy:3" for loop in gamma["loops"]["loops"])
    assert toy_factors["toy:5"]["loops"]["totals"]["total"] == 0
    assert body["systems"][0]["factors"][0]["id"] == "other:1"
    assert body["systems"][0]["factors"][0]["loops"]["totals"] == {"reinforcing": 2, "balancing": 1,
                                                                   "undetermined": 0, "total": 3}
    assert body["factor_count"] == 4


def test_cycle_factors_depth_and_unknown_cycle(client: TestClient, learning: Graph) -> None:
    shallow = client.get("/cycles/region/factors", params={"depth": 1}).json()
    assert [c["id"] for c in shallow["cycles"]] == ["region", "place"]
    assert [(f["id"], f["cycles"]) for s in shallow["systems"] for f in s["factors"]] == [
        ("toy:3", ["place"])]
    team = client.get("/cycles/team-b/factors").json()
    assert [c["id"] for c in team["cycles"]] == ["team-b"] and team["factor_count"] == 1
    missing = client.get("/cycles/nope/factors")
    assert missing.status_code == 404 and missing.json()["id"] == "nope"
    assert client.get("/cycles/region/factors", params={"depth": 0}).status_code == 422


# --- CLI ----------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch):
    """The CLI reads its settings from the environment: point it at the test Neo4j."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_settings.neo4j_database)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_cli_analyse_commands(cli_env: CliRunner, learning: Graph) -> None:
    from graph.cli.main import app

    loops = cli_env.invoke(app, ["analyse", "loops", "toy", "--json"])
    assert loops.exit_code == 0, loops.output
    assert json.loads(loops.output)["totals"] == TOY_TOTALS
    table = cli_env.invoke(app, ["analyse", "loops", "toy", "--through", "Gamma"])
    assert table.exit_code == 0 and "4 loops of up to 6 links" in table.output
    assert "Gamma → Delta" in table.output
    top = json.loads(cli_env.invoke(app, ["analyse", "centrality", "toy", "--measure", "reach", "--top",
                                          "1", "--json"]).output)
    assert [(row["id"], row["reach"]) for row in top["factors"]] == [("toy:5", 4)]
    down = cli_env.invoke(app, ["analyse", "downstream", "toy", "Echo", "--steps", "1"])
    assert down.exit_code == 0 and "Alpha" in down.output and "positive" in down.output
    paths = json.loads(cli_env.invoke(app, ["analyse", "paths", "toy", "5", "4", "--json"]).output)
    assert paths["shortest"]["length"] == 4
    for args in (["communities", "toy"], ["trophic", "toy"], ["upstream", "toy", "1"],
                 ["cycle-factors", "region"]):
        result = cli_env.invoke(app, ["analyse", *args])
        assert result.exit_code == 0, (args, result.output)
    factors = json.loads(cli_env.invoke(app, ["analyse", "cycle-factors", "region", "--json"]).output)
    assert factors["factor_count"] == 4
    missing = cli_env.invoke(app, ["analyse", "loops", "toy", "--through", "Zeta"])
    assert missing.exit_code == 1 and "Zeta" in missing.output
    assert cli_env.invoke(app, ["analyse", "loops", "toy", "--max-length", "0"]).exit_code == 2

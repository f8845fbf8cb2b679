"""Systems, factors, clusters and links through the API and the storage functions: create, read,
update, delete, and the rules (unique ids and names, polarity values, in-use refusals)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.errors import Conflict
from graph.systems.snapshot import SnapshotFactor, SnapshotLink, SystemSnapshot
from graph.systems.system import load_snapshot, read_system_graph, save_system
from tests.learning_support import unstamped
from tests.systems_support import fingerprint, interventions, point_at, rich_snapshot


@pytest.fixture
def rich(clean_graph: Graph, client: TestClient) -> TestClient:
    save_system(clean_graph, rich_snapshot())
    return client


# --- storage functions ---------------------------------------------------------------------------


def test_save_and_load_give_back_the_same_snapshot(clean_graph: Graph) -> None:
    counts = save_system(clean_graph, rich_snapshot())
    assert counts == {
        "factors": 4,
        "clusters": 3,
        "links": 5,
        "positive_links": 2,
        "negative_links": 3,
        "unknown_links": 0,
        "replaced": 0,
        "removed_factors": 0,
    }
    assert load_snapshot(clean_graph, "rich").same_graph(rich_snapshot())
    with pytest.raises(Conflict, match="exists already"):
        save_system(clean_graph, rich_snapshot())


def test_read_system_graph_has_the_documented_shape(clean_graph: Graph) -> None:
    save_system(clean_graph, rich_snapshot())
    g = read_system_graph(clean_graph, "rich")
    assert g.graph == {"id": "rich", "name": "Rich map", "outcome": "Wellbeing"}
    assert sorted(g.nodes) == ["rich:1", "rich:2", "rich:3", "rich:lonely"]
    assert g.nodes["rich:2"] == {
        "local_id": "2",
        "name": 'Stress "felt"',
        "description": "Perceived stress\nover a week",
        "cluster": "Mind & soul",
        "cluster_id": "rich:mind-2",
        "x": -5.0,
        "y": 0.0,
    }
    assert g.nodes["rich:lonely"]["cluster"] is None and g.nodes["rich:lonely"]["x"] is None
    assert g.edges["rich:2", "rich:1"] == {
        "polarity": -1,
        "strength": 0.8,
        "delay": True,
        "evidence": "Cohort study, 2019",
    }
    assert g.has_edge("rich:2", "rich:2")  # the self-loop survives the round trip through Neo4j
    assert sorted(p for _, _, p in g.edges(data="polarity")) == [-1, -1, -1, 1, 1]


def test_replace_keeps_interventions_on_factors_that_stay(clean_graph: Graph) -> None:
    save_system(clean_graph, rich_snapshot())
    point_at(clean_graph, "rich", ["rich:1", "rich:3"])
    smaller = rich_snapshot()
    smaller.factors = [f for f in smaller.factors if f.local_id != "3"]
    smaller.links = [link for link in smaller.links if "3" not in (link.source, link.target)]
    before = fingerprint(clean_graph)
    with pytest.raises(Conflict, match="experiments e1 intervene on its factors"):
        save_system(clean_graph, smaller, replace=True)
    assert fingerprint(clean_graph) == before
    counts = save_system(clean_graph, smaller, replace=True, detach=True)
    assert (counts["replaced"], counts["removed_factors"], counts["links"]) == (1, 1, 4)
    assert interventions(clean_graph) == [{"experiment": "e1", "factor": "rich:1"}]
    assert load_snapshot(clean_graph, "rich").same_graph(smaller)


def test_ids_used_outside_the_system_are_refused(clean_graph: Graph) -> None:
    # a stray factor with the id the new system's factor would get (written by another tool)
    clean_graph.write_tx(lambda tx: tx.run("CREATE (:Factor {id: 'tiny:a', name: 'stray'})").consume())
    tiny = SystemSnapshot(
        "tiny",
        "Tiny",
        "x",
        factors=[SnapshotFactor("a", "A"), SnapshotFactor("b", "B")],
        links=[SnapshotLink("a", "b", 1)],
    )
    with pytest.raises(Conflict, match="tiny:a"):
        save_system(clean_graph, tiny)
    assert clean_graph.read("schema/health_counts")[0]["OutcomeSystem"] == 0


# --- systems -------------------------------------------------------------------------------------


def test_system_create_list_get_update(client: TestClient) -> None:
    for n in (3, 1, 2):
        created = client.post("/systems", json={"id": f"s{n}", "name": f"System {n}", "outcome": "health"})
        assert created.status_code == 201
    assert unstamped(created.json()) == {
        "id": "s2",
        "name": "System 2",
        "outcome": "health",
        "description": None,
        "counts": {"factors": 0, "clusters": 0, "links": 0, "positive_links": 0, "negative_links": 0,
                   "unknown_links": 0},
    }
    page = client.get("/systems", params={"limit": 2, "offset": 1}).json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [s["id"] for s in page["items"]] == ["s2", "s3"]
    assert client.post("/systems", json={"id": "s1", "name": "Again", "outcome": "x"}).status_code == 409
    for bad in ("a/b", "a:b", " a"):
        assert client.post("/systems", json={"id": bad, "name": "n", "outcome": "o"}).status_code == 422
    patched = client.patch("/systems/s1", json={"name": "Renamed", "description": "about"}).json()
    assert (patched["name"], patched["description"]) == ("Renamed", "about")
    cleared = client.patch("/systems/s1", json={"description": None}).json()
    assert cleared["description"] is None and cleared["name"] == "Renamed"
    assert client.patch("/systems/s1", json={"name": None}).status_code == 422
    assert client.get("/systems/nope").status_code == 404
    assert client.get("/systems/nope").json()["message"] == "no outcome system with id 'nope'"


def test_system_delete_removes_everything_and_respects_use(rich: TestClient, clean_graph: Graph) -> None:
    point_at(clean_graph, "rich", ["rich:2"])
    before = fingerprint(clean_graph)
    refused = rich.delete("/systems/rich")
    assert refused.status_code == 409
    body = refused.json()
    assert body["interventions"] == [{"experiment": "e1", "factor": "rich:2"}]
    assert body["explored_by"] == ["c1"]
    assert fingerprint(clean_graph) == before
    deleted = rich.delete("/systems/rich", params={"detach": "true"}).json()
    assert (deleted["factors"], deleted["clusters"], deleted["links"]) == (4, 3, 5)
    assert deleted["detached_explored_by"] == ["c1"]
    counts = clean_graph.read("schema/health_counts")[0]
    assert (counts["OutcomeSystem"], counts["Factor"], counts["Cluster"], counts["Experiment"]) == (
        0,
        0,
        0,
        1,
    )
    assert interventions(clean_graph) == []
    assert rich.get("/systems/rich").status_code == 404


# --- factors -------------------------------------------------------------------------------------


def test_factor_crud_and_addressing(rich: TestClient) -> None:
    created = rich.post(
        "/systems/rich/factors",
        json={
            "name": "Green space",
            "description": "Parks nearby",
            "cluster": "Body",
            "x": 1,
            "y": 2,
            "properties": {"source": "map"},
        },
    )
    assert created.status_code == 201, created.text
    factor = created.json()
    assert (factor["id"], factor["local_id"], factor["cluster_id"]) == (
        "rich:green-space",
        "green-space",
        "rich:body",
    )
    assert (factor["x"], factor["properties"], factor["out_links"]) == (1.0, {"source": "map"}, [])
    by_local, by_full = (
        rich.get("/systems/rich/factors/green-space"),
        rich.get("/systems/rich/factors/rich:green-space"),
    )
    assert by_local.json() == by_full.json() == factor
    assert rich.post("/systems/rich/factors", json={"name": "Green space"}).status_code == 409
    assert rich.post("/systems/rich/factors", json={"id": "1", "name": "Other"}).status_code == 409
    unknown = rich.post("/systems/rich/factors", json={"name": "X", "cluster": "Nope"})
    assert unknown.status_code == 422 and unknown.json()["rule"] == "unknown_cluster"
    assert rich.post("/systems/rich/factors", json={"id": "a/b", "name": "Slash"}).status_code == 422
    assert (
        rich.post("/systems/rich/factors", json={"name": "X", "properties": {"name": "y"}}).status_code == 422
    )

    patched = rich.patch(
        "/systems/rich/factors/green-space",
        json={"name": "Green spaces", "cluster": None, "x": None, "properties": {"source": None, "area": 12}},
    ).json()
    assert (patched["name"], patched["cluster"], patched["x"], patched["y"]) == (
        "Green spaces",
        None,
        None,
        2.0,
    )
    assert patched["properties"] == {"area": 12}
    assert rich.patch("/systems/rich/factors/green-space", json={"name": "Loneliness"}).status_code == 409
    assert rich.patch("/systems/rich/factors/green-space", json={"name": None}).status_code == 422

    detail = rich.get("/systems/rich/factors/2").json()
    assert [link["source"] for link in detail["in_links"]] == ["rich:1", "rich:2", "rich:3", "rich:lonely"]
    assert [(link["target"], link["polarity"]) for link in detail["out_links"]] == [
        ("rich:1", -1),
        ("rich:2", 1),
    ]
    assert rich.get("/systems/rich/factors/99").status_code == 404
    assert rich.get("/systems/nope/factors/1").json()["message"] == "no outcome system with id 'nope'"


def test_factor_list_filters_by_cluster_and_pages(rich: TestClient) -> None:
    everything = rich.get("/systems/rich/factors").json()
    assert everything["total"] == 4
    assert [f["local_id"] for f in everything["items"]] == ["1", "2", "3", "lonely"]
    for ref in ("body", "rich:body", "Body"):
        body = rich.get("/systems/rich/factors", params={"cluster": ref}).json()
        assert (body["total"], [f["name"] for f in body["items"]]) == (2, ["Sleep, hours", "Café visits"])
    page = rich.get("/systems/rich/factors", params={"limit": 2, "offset": 2}).json()
    assert (page["total"], [f["local_id"] for f in page["items"]]) == (4, ["3", "lonely"])
    assert rich.get("/systems/rich/factors", params={"cluster": "nope"}).status_code == 404


def test_factor_delete_removes_its_links_and_respects_interventions(
    rich: TestClient, clean_graph: Graph
) -> None:
    point_at(clean_graph, "rich", ["rich:2"])
    refused = rich.delete("/systems/rich/factors/2")
    assert refused.status_code == 409 and refused.json()["experiments"] == ["e1"]
    deleted = rich.delete("/systems/rich/factors/2", params={"detach": "true"}).json()
    assert deleted == {"deleted": "rich:2", "links": 5, "detached_experiments": ["e1"]}
    assert rich.get("/systems/rich").json()["counts"]["links"] == 0
    assert interventions(clean_graph) == []
    assert rich.delete("/systems/rich/factors/lonely").json()["links"] == 0


# --- clusters ------------------------------------------------------------------------------------


def test_cluster_crud(rich: TestClient) -> None:
    listed = rich.get("/systems/rich/clusters").json()
    assert [(c["name"], c["factor_count"]) for c in listed["items"]] == [
        ("Body", 2),
        ("Empty cluster", 0),
        ("Mind & soul", 1),
    ]
    created = rich.post("/systems/rich/clusters", json={"name": "Place", "colour": "#00f"})
    assert created.status_code == 201
    assert unstamped(created.json()) == {
        "id": "rich:place",
        "local_id": "place",
        "name": "Place",
        "colour": "#00f",
        "factor_count": 0,
        "factors": [],
    }
    assert rich.post("/systems/rich/clusters", json={"name": "Place"}).status_code == 409
    rich.patch("/systems/rich/factors/lonely", json={"cluster": "place"})
    renamed = rich.patch(
        "/systems/rich/clusters/place", json={"name": "Neighbourhood", "colour": None}
    ).json()
    assert (renamed["id"], renamed["name"], renamed["colour"]) == ("rich:place", "Neighbourhood", None)
    assert renamed["factors"] == [{"id": "rich:lonely", "name": "Loneliness"}]
    assert rich.get("/systems/rich/clusters/Neighbourhood").json()["id"] == "rich:place"
    deleted = rich.delete("/systems/rich/clusters/place").json()
    assert deleted == {"deleted": "rich:place", "unclustered_factors": 1}
    assert rich.get("/systems/rich/factors/lonely").json()["cluster"] is None
    assert rich.get("/systems/rich/clusters/place").status_code == 404


# --- links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (1, 1),
        (-1, -1),
        ("+1", 1),
        ("-1", -1),
        ("+", 1),
        ("-", -1),
        ("positive", 1),
        ("negative", -1),
    ],
)
def test_link_polarity_accepts_every_spelling(rich: TestClient, given: object, stored: int) -> None:
    created = rich.post("/systems/rich/links", json={"source": "lonely", "target": "1", "polarity": given})
    assert created.status_code == 201, created.text
    assert created.json()["polarity"] == stored


@pytest.mark.parametrize("given", [0, 2, "maybe", "", True, "+++"])  # None: unknown (issue 12)
def test_link_polarity_refuses_anything_else(rich: TestClient, clean_graph: Graph, given: object) -> None:
    before = fingerprint(clean_graph)
    response = rich.post("/systems/rich/links", json={"source": "lonely", "target": "1", "polarity": given})
    assert response.status_code == 422
    assert fingerprint(clean_graph) == before


def test_link_crud(rich: TestClient) -> None:
    created = rich.post(
        "/systems/rich/links",
        json={
            "source": "rich:lonely",
            "target": "3",
            "polarity": "negative",
            "strength": 0.5,
            "delay": True,
            "evidence": "survey",
            "properties": {"seen": 2},
        },
    ).json()
    assert unstamped(created) == {
        "source": "rich:lonely",
        "source_name": "Loneliness",
        "target": "rich:3",
        "target_name": "Café visits",
        "polarity": -1,
        "strength": 0.5,
        "delay": True,
        "evidence": "survey",
        "properties": {"seen": 2},
    }
    assert (
        rich.post("/systems/rich/links", json={"source": "lonely", "target": "3", "polarity": 1}).status_code
        == 409
    )
    unknown = rich.post("/systems/rich/links", json={"source": "lonely", "target": "nine", "polarity": 1})
    assert unknown.status_code == 422 and unknown.json()["rule"] == "unknown_factor"
    assert rich.get("/systems/rich/links/lonely/rich:3").json() == created
    patched = rich.patch("/systems/rich/links/lonely/3", json={"polarity": "+", "strength": None}).json()
    assert (patched["polarity"], patched["strength"], patched["delay"]) == (1, None, True)
    # issue 12: null makes the polarity unknown (it no longer refuses)
    unknown = rich.patch("/systems/rich/links/lonely/3", json={"polarity": None})
    assert unknown.status_code == 200 and unknown.json()["polarity"] is None
    rich.patch("/systems/rich/links/lonely/3", json={"polarity": "+"})
    negative = rich.get("/systems/rich/links", params={"polarity": "negative"}).json()
    assert negative["total"] == 3
    from_two = rich.get("/systems/rich/links", params={"source": "2"}).json()
    assert [(link["source"], link["target"]) for link in from_two["items"]] == [
        ("rich:2", "rich:1"),
        ("rich:2", "rich:2"),
    ]
    deleted = rich.delete("/systems/rich/links/lonely/3")
    assert deleted.status_code == 200 and deleted.json()["deleted"]["target"] == "rich:3"
    assert rich.get("/systems/rich/links/lonely/3").status_code == 404
    assert rich.delete("/systems/rich/links/lonely/3").status_code == 404
    assert rich.get("/systems/rich").json()["counts"]["links"] == 5

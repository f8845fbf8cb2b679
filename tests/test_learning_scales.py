"""Scales: the five defaults, adding, renaming, moving and reordering them in a strict order that
every FEEDS_INTO link still climbs, and deleting them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.db import Graph
from tests.learning_support import link, make_cycle, ok, refused, unchanged, unstamped


def scale_levels(client: TestClient) -> list[tuple[str, int]]:
    return [(s["id"], s["level"]) for s in ok(client.get("/scales"))["items"]]


def test_the_five_scales_exist_from_start_up_in_level_order(client: TestClient) -> None:
    body = ok(client.get("/scales"))
    assert body["total"] == 5
    assert [(s["id"], s["name"], s["level"], s["cycles"]) for s in body["items"]] == [
        ("person", "Person/Practitioner", 1, 0), ("team", "Team", 2, 0),
        ("organisation", "Organisation", 3, 0), ("place", "Place", 4, 0), ("region", "Region/Country", 5, 0),
    ]
    team = ok(client.get("/scales/team"))
    assert unstamped(team) == {"id": "team", "name": "Team", "level": 2, "cycles": 0}


def test_add_a_scale_at_a_free_level(client: TestClient, graph: Graph) -> None:
    created = ok(client.post("/scales", json={"id": "country", "name": "Country", "level": 6}), 201)
    assert unstamped(created) == {"id": "country", "name": "Country", "level": 6, "cycles": 0}
    generated = ok(client.post("/scales", json={"name": "Neighbourhood Network", "level": 9}), 201)
    assert generated["id"].startswith("neighbourhood-network-")
    assert scale_levels(client)[-2:] == [("country", 6), (generated["id"], 9)]
    assert graph.read("schema/health_counts")[0]["Scale"] == 7


def test_adding_a_scale_is_refused_on_a_taken_level_a_duplicate_id_or_bad_input(
    client: TestClient, graph: Graph,
) -> None:
    with unchanged(graph):
        refused(client.post("/scales", json={"id": "ward", "name": "Ward", "level": 2}), 409, "level_taken",
                level=2, scale="team")
        refused(client.post("/scales", json={"id": "team", "name": "Team B", "level": 8}), 409,
                "duplicate_id", kind="scale", id="team")
        refused(client.post("/scales", json={"id": "x", "name": "X"}), 422, "validation")
        refused(client.post("/scales", json={"id": "x", "name": "X", "level": 0}), 422, "validation")
        refused(client.post("/scales", json={"id": "x", "name": "X", "level": 7, "colour": "red"}), 422,
                "validation")
        refused(client.post("/scales", json={"id": "bad id!", "name": "X", "level": 7}), 422, "validation")


def test_rename_a_scale(client: TestClient) -> None:
    renamed = ok(client.patch("/scales/region", json={"name": "Country"}))
    assert unstamped(renamed) == {"id": "region", "name": "Country", "level": 5, "cycles": 0}
    refused(client.patch("/scales/region", json={"name": None}), 422, "validation")
    refused(client.patch("/scales/nowhere", json={"name": "X"}), 404, "not_found", kind="scale", id="nowhere")


def test_insert_a_scale_between_two_by_moving_the_upper_ones(client: TestClient) -> None:
    make_cycle(client, "t", "team")
    make_cycle(client, "o", "organisation")
    link(client, "t", "o")
    for scale_id, level in [("region", 6), ("place", 5), ("organisation", 4)]:
        ok(client.patch(f"/scales/{scale_id}", json={"level": level}))
    ok(client.post("/scales", json={"id": "service", "name": "Service", "level": 3}), 201)
    assert scale_levels(client) == [("person", 1), ("team", 2), ("service", 3), ("organisation", 4),
                                    ("place", 5), ("region", 6)]


def test_moving_a_level_that_would_reverse_a_feeds_into_link_is_refused(
    client: TestClient, graph: Graph,
) -> None:
    make_cycle(client, "t", "team")
    make_cycle(client, "o", "organisation")
    link(client, "t", "o")
    with unchanged(graph):
        body = refused(client.patch("/scales/team", json={"level": 7}), 422, "feeds_into_scale_order")
        assert body["links"] == [{"lower": "t", "upper": "o", "lower_scale": "team",
                                  "upper_scale": "organisation", "lower_level": 7, "upper_level": 3}]
        refused(client.patch("/scales/team", json={"level": 3}), 409, "level_taken", scale="organisation")
    # a move that keeps the climb is fine
    assert ok(client.patch("/scales/organisation", json={"level": 8}))["level"] == 8


def test_reorder_scales_in_one_go(client: TestClient, graph: Graph) -> None:
    order = ["person", "organisation", "team", "place", "region"]
    body = ok(client.put("/scales/order", json={"ids": order}))
    assert [(s["id"], s["level"]) for s in body["items"]] == [(sid, n) for n, sid in enumerate(order, 1)]
    make_cycle(client, "t", "team")
    make_cycle(client, "pl", "place")
    link(client, "t", "pl")
    with unchanged(graph):
        body = refused(client.put("/scales/order", json={"ids": ["place", "team", "person", "organisation",
                                                                   "region"]}), 422, "feeds_into_scale_order")
        assert [(b["lower"], b["upper"]) for b in body["links"]] == [("t", "pl")]
        body = refused(client.put("/scales/order", json={"ids": ["person", "team", "team", "nowhere"]}),
                       422, "scale_order_complete")
        assert body["duplicates"] == ["team"]
        assert body["unknown"] == ["nowhere"]
        assert body["missing"] == ["organisation", "place", "region"]


def test_delete_a_scale_only_when_no_cycle_runs_at_it(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "t", "team")
    with unchanged(graph):
        refused(client.delete("/scales/team"), 409, "scale_in_use", id="team", cycles=["t"], cycle_count=1)
        refused(client.delete("/scales/nowhere"), 404, "not_found", kind="scale", id="nowhere")
    assert ok(client.delete("/scales/region"))["deleted"] == {"Scale": 1}
    assert [s for s, _ in scale_levels(client)] == ["person", "team", "organisation", "place"]


def test_a_cycle_cannot_be_created_at_an_unknown_scale(client: TestClient, graph: Graph) -> None:
    with unchanged(graph):
        refused(client.post("/cycles", json={"id": "c", "name": "C", "scale": "galaxy"}), 404, "not_found",
                kind="scale", id="galaxy")

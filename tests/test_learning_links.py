"""How cycles connect: FEEDS_INTO (lower level to strictly higher, a DAG, no self-links), PEER_OF
(one scale, stored once, read both ways), participants with roles, outcome systems explored; and
actors. Every refused link leaves the database as it was."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.db import Graph
from tests.learning_support import (
    add_outcome_system,
    counts,
    link,
    make_actor,
    make_cycle,
    make_stack,
    ok,
    refused,
    unchanged,
    unstamped,
)


def test_feeds_into_climbs_and_a_team_may_feed_two_uppers(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    assert ok(client.get("/cycles/t1"))["feeds_into"] == ["o1", "pl"]
    assert counts(graph)["FEEDS_INTO"] == 5
    # skipping scales is fine: person straight to region
    make_cycle(client, "r", "region")
    assert ok(client.put("/cycles/p1/feeds-into/r"))["feeds_into"] == ["r", "t1"]
    # idempotent
    with unchanged(graph):
        assert ok(client.put("/cycles/p1/feeds-into/t1"))["feeds_into"] == ["r", "t1"]
    assert counts(graph)["FEEDS_INTO"] == 6


def test_feeds_into_refusals_name_the_rule_and_ids(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    with unchanged(graph):
        refused(client.put("/cycles/t1/feeds-into/t1"), 422, "no_self_link", id="t1", link="FEEDS_INTO")
        refused(client.put("/cycles/pl/feeds-into/p1"), 422, "no_vertical_loop", lower="pl", upper="p1",
                path=["p1", "t1", "pl"])
        refused(client.put("/cycles/o1/feeds-into/t1"), 422, "no_vertical_loop", path=["t1", "o1"])
        refused(client.put("/cycles/t1/feeds-into/t2"), 422, "feeds_into_scale_order", lower="t1", upper="t2",
                lower_scale="team", upper_scale="team", lower_level=2, upper_level=2)
        refused(client.put("/cycles/t2/feeds-into/p1"), 422, "feeds_into_scale_order", lower="t2", upper="p1",
                lower_level=2, upper_level=1)
        refused(client.put("/cycles/ghost/feeds-into/t1"), 404, "not_found", kind="cycle", id="ghost",
                role="lower")
        refused(client.put("/cycles/t1/feeds-into/ghost"), 404, "not_found", kind="cycle", id="ghost",
                role="upper")
        refused(client.delete("/cycles/t1/feeds-into/ghost"), 404, "not_found", id="ghost", role="upper")


def test_unlink_feeds_into(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    assert ok(client.delete("/cycles/t1/feeds-into/pl"))["feeds_into"] == ["o1"]
    assert ok(client.get("/cycles/pl"))["fed_by"] == ["o1"]
    assert counts(graph)["FEEDS_INTO"] == 4
    with unchanged(graph):  # removing a link that is not there is a no-op
        assert ok(client.delete("/cycles/t1/feeds-into/pl"))["feeds_into"] == ["o1"]


def test_peers_are_one_link_read_both_ways(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    assert ok(client.get("/cycles/t1"))["peers"] == ["t2"]
    assert ok(client.get("/cycles/t2"))["peers"] == ["t1"]
    with unchanged(graph):
        assert ok(client.put("/cycles/t2/peers/t1"))["peers"] == ["t1"]
        assert ok(client.put("/cycles/t1/peers/t2"))["peers"] == ["t2"]
    assert counts(graph)["PEER_OF"] == 1
    make_cycle(client, "t3", "team")
    ok(client.put("/cycles/t3/peers/t1"))
    assert ok(client.get("/cycles/t1"))["peers"] == ["t2", "t3"]
    # removed whichever way it was stored
    assert ok(client.delete("/cycles/t2/peers/t1"))["peers"] == []
    assert ok(client.delete("/cycles/t1/peers/t3"))["peers"] == []
    assert counts(graph)["PEER_OF"] == 0


def test_peer_refusals(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    with unchanged(graph):
        refused(client.put("/cycles/t1/peers/o1"), 422, "peer_same_scale", id="t1", peer="o1", scale="team",
                peer_scale="organisation")
        refused(client.put("/cycles/t1/peers/t1"), 422, "no_self_link", id="t1", link="PEER_OF")
        refused(client.put("/cycles/t1/peers/ghost"), 404, "not_found", id="ghost", role="peer")
        refused(client.put("/cycles/ghost/peers/t1"), 404, "not_found", id="ghost", role="cycle")


def test_participants_with_roles(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "team")
    make_actor(client, "ann")
    make_actor(client, "bob")
    ok(client.put("/cycles/c/participants/ann", json={"role": "practitioner"}))
    cycle = ok(client.put("/cycles/c/participants/bob", json={"role": "manager"}))
    assert cycle["participants"] == [{"actor_id": "ann", "role": "practitioner"},
                                     {"actor_id": "bob", "role": "manager"}]
    # a new role replaces the old one: still one link
    cycle = ok(client.put("/cycles/c/participants/ann", json={"role": "learning_partner"}))
    assert cycle["participants"][0] == {"actor_id": "ann", "role": "learning_partner"}
    assert counts(graph)["PARTICIPATES_IN"] == 2
    assert ok(client.get("/actors/ann"))["participates_in"] == [{"cycle_id": "c", "role": "learning_partner"}]
    with unchanged(graph):
        refused(client.put("/cycles/c/participants/ann", json={"role": "boss"}), 422, "validation")
        refused(client.put("/cycles/c/participants/ann", json={}), 422, "validation")
        refused(client.put("/cycles/c/participants/ghost", json={"role": "manager"}), 404, "not_found",
                kind="actor", id="ghost")
        refused(client.put("/cycles/ghost/participants/ann", json={"role": "manager"}), 404, "not_found",
                kind="cycle", id="ghost")
    assert ok(client.delete("/cycles/c/participants/bob"))["participants"] == [
        {"actor_id": "ann", "role": "learning_partner"}]


def test_explores_needs_an_existing_outcome_system(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "place")
    with unchanged(graph):
        refused(client.put("/cycles/c/explores/obesity"), 404, "not_found", kind="outcome_system",
                id="obesity")
    add_outcome_system(graph, "obesity", ["obesity:stress"])
    assert ok(client.put("/cycles/c/explores/obesity"))["explores"] == ["obesity"]
    with unchanged(graph):
        ok(client.put("/cycles/c/explores/obesity"))
    assert ok(client.delete("/cycles/c/explores/obesity"))["explores"] == []
    assert counts(graph)["OutcomeSystem"] == 1


def test_actor_crud_and_filters(client: TestClient, graph: Graph) -> None:
    ann = ok(client.post("/actors", json={"id": "ann", "name": "Ann", "kind": "person"}), 201)
    assert unstamped(ann) == {"id": "ann", "name": "Ann", "kind": "person", "participates_in": []}
    council = ok(client.post("/actors", json={"name": "Gateshead Council", "kind": "organisation"}), 201)
    assert council["id"].startswith("gateshead-council-")
    make_cycle(client, "c", "team")
    ok(client.put("/cycles/c/participants/ann", json={"role": "practitioner"}))
    ids = lambda r: [a["id"] for a in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/actors?kind=person")) == ["ann"]
    assert ids(client.get("/actors?cycle=c")) == ["ann"]
    assert ok(client.get("/actors"))["total"] == 2
    assert ok(client.patch("/actors/ann", json={"name": "Ann B."}))["name"] == "Ann B."
    with unchanged(graph):
        refused(client.post("/actors", json={"id": "ann", "name": "A", "kind": "person"}), 409,
                "duplicate_id", kind="actor", id="ann")
        refused(client.post("/actors", json={"name": "A", "kind": "alien"}), 422, "validation")
        refused(client.patch("/actors/ann", json={"kind": None}), 422, "validation")
        refused(client.get("/actors?kind=alien"), 422, "validation")
    assert ok(client.delete("/actors/ann"))["deleted"] == {"Actor": 1}
    assert ok(client.get("/cycles/c"))["participants"] == []
    refused(client.get("/actors/ann"), 404, "not_found", kind="actor", id="ann")


def test_stack_builder_gives_the_expected_shape(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    assert ok(client.get("/cycles/pl"))["fed_by"] == ["o1", "t1"]
    link(client, "p2", "o1")
    assert ok(client.get("/cycles/o1"))["fed_by"] == ["p2", "t1"]

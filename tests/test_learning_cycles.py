"""Learning cycles: create with five elements, read, list with filters and pages, change (including
moving scale under the rules), ids, and the elements' independent statuses."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.learning.model import ElementKind
from tests.learning_support import counts, make_cycle, make_stack, ok, refused, unchanged

KINDS = [k.value for k in ElementKind]


def test_a_cycle_is_created_with_its_five_elements_not_started(client: TestClient, graph: Graph) -> None:
    cycle = make_cycle(client, "calls-1", "person", name="Calls to residents", purpose="Ask how to help",
                       status="active", created_at="2024-03-01T09:30:00+01:00")
    assert cycle["id"] == "calls-1"
    assert (cycle["name"], cycle["purpose"]) == ("Calls to residents", "Ask how to help")
    assert cycle["status"] == "active"
    assert (cycle["scale"], cycle["scale_level"]) == ("person", 1)
    assert cycle["created_at"] == "2024-03-01T08:30:00Z"
    assert [e["kind"] for e in cycle["elements"]] == KINDS
    assert [e["id"] for e in cycle["elements"]] == [f"calls-1:{k}" for k in KINDS]
    assert {e["status"] for e in cycle["elements"]} == {"not_started"}
    for links in ("feeds_into", "fed_by", "peers", "participants", "explores"):
        assert cycle[links] == []
    c = counts(graph)
    assert (c["LearningCycle"], c["CycleElement"], c["HAS_ELEMENT"], c["AT_SCALE"]) == (1, 5, 5, 1)
    assert ok(client.get("/cycles/calls-1")) == cycle


def test_a_cycle_without_id_gets_a_slug_and_defaults(client: TestClient) -> None:
    cycle = ok(client.post("/cycles", json={"name": "Gateshead Place!", "scale": "place"}), 201)
    assert re.fullmatch(r"gateshead-place-[0-9a-f]{8}", cycle["id"])
    assert cycle["status"] == "planned"
    assert cycle["purpose"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", cycle["created_at"])


def test_bad_cycle_input_is_refused_and_changes_nothing(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c1", "team")
    with unchanged(graph):
        refused(client.post("/cycles", json={"id": "c1", "name": "Again", "scale": "team"}), 409,
                "duplicate_id", kind="cycle", id="c1")
        for bad in [
            {"id": "has space"}, {"id": "-dash"}, {"id": "x" * 129}, {"id": "a/b"}, {"status": "dreaming"},
            {"name": None}, {"scale": None}, {"colour": "red"}, {"created_at": "yesterday"}, {"name": ""},
        ]:
            body = {"name": "X", "scale": "team", **bad}
            refused(client.post("/cycles", json={k: v for k, v in body.items() if v is not None}), 422,
                    "validation")


def test_an_unknown_cycle_is_404_naming_it(client: TestClient) -> None:
    body = refused(client.get("/cycles/nope"), 404, "not_found", kind="cycle", id="nope")
    assert body["message"] == "no cycle with id 'nope'"
    refused(client.patch("/cycles/nope", json={"name": "X"}), 404, "not_found", id="nope")
    refused(client.delete("/cycles/nope"), 404, "not_found", id="nope")
    refused(client.get("/cycles/nope/elements"), 404, "not_found", id="nope")


def test_list_cycles_filters_by_scale_and_status(client: TestClient) -> None:
    make_cycle(client, "t-a", "team", status="active")
    make_cycle(client, "t-b", "team", status="closed")
    make_cycle(client, "t-c", "team", status="active")
    make_cycle(client, "o-a", "organisation", status="active")
    ids = lambda r: [c["id"] for c in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/cycles")) == ["o-a", "t-a", "t-b", "t-c"]
    assert ids(client.get("/cycles?scale=team")) == ["t-a", "t-b", "t-c"]
    assert ids(client.get("/cycles?scale=team&status=active")) == ["t-a", "t-c"]
    assert ids(client.get("/cycles?status=active")) == ["o-a", "t-a", "t-c"]
    assert ok(client.get("/cycles?scale=region")) == {"items": [], "total": 0, "limit": 50, "offset": 0}
    refused(client.get("/cycles?status=dreaming"), 422, "validation")


def test_list_cycles_pages_in_stable_id_order(client: TestClient) -> None:
    for n in range(7):
        make_cycle(client, f"c{n}", "team")
    first = ok(client.get("/cycles?limit=3"))
    assert ([c["id"] for c in first["items"]], first["total"], first["limit"], first["offset"]) == (
        ["c0", "c1", "c2"], 7, 3, 0)
    second = ok(client.get("/cycles?limit=3&offset=3"))
    assert [c["id"] for c in second["items"]] == ["c3", "c4", "c5"]
    last = ok(client.get("/cycles?limit=3&offset=6"))
    assert ([c["id"] for c in last["items"]], last["total"]) == (["c6"], 7)
    assert ok(client.get("/cycles?offset=10"))["items"] == []
    assert ok(client.get("/cycles"))["limit"] == 50
    assert ok(client.get("/cycles?limit=500"))["limit"] == 500
    refused(client.get("/cycles?limit=501"), 422, "validation")
    refused(client.get("/cycles?limit=0"), 422, "validation")
    refused(client.get("/cycles?offset=-1"), 422, "validation")


def test_patch_changes_only_what_is_sent(client: TestClient) -> None:
    make_cycle(client, "c", "team", purpose="Learn")
    changed = ok(client.patch("/cycles/c", json={"status": "active"}))
    assert (changed["name"], changed["purpose"], changed["status"]) == ("Cycle c", "Learn", "active")
    cleared = ok(client.patch("/cycles/c", json={"purpose": None, "name": "Renamed"}))
    assert (cleared["name"], cleared["purpose"]) == ("Renamed", None)
    refused(client.patch("/cycles/c", json={"name": None}), 422, "validation")
    refused(client.patch("/cycles/c", json={"status": "dreaming"}), 422, "validation")
    refused(client.patch("/cycles/c", json={"id": "other"}), 422, "validation")


def test_moving_a_cycle_to_another_scale_keeps_the_rules(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    with unchanged(graph):
        # t1 is fed by person cycles and feeds organisation and place: it cannot go to organisation...
        body = refused(client.patch("/cycles/t1", json={"scale": "organisation"}), 422,
                       "feeds_into_scale_order", id="t1", scale="organisation")
        assert [(b["lower"], b["upper"]) for b in body["links"]] == [("t1", "o1")]
        body = refused(client.patch("/cycles/p1", json={"scale": "team"}), 422, "feeds_into_scale_order")
        assert [(b["lower"], b["upper"]) for b in body["links"]] == [("p1", "t1")]
        # t2 has no vertical links, but cannot leave its peer t1 behind at team
        refused(client.patch("/cycles/t2", json={"scale": "person"}), 422, "peer_same_scale", id="t2",
                peers=["t1"])
        refused(client.patch("/cycles/t2", json={"scale": "nowhere"}), 404, "not_found", kind="scale")
    make_cycle(client, "lone", "team")
    moved = ok(client.patch("/cycles/lone", json={"scale": "region"}))
    assert (moved["scale"], moved["scale_level"]) == ("region", 5)
    assert counts(graph)["AT_SCALE"] == 7


def test_elements_have_independent_statuses(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "team")
    first = ok(client.patch("/cycles/c/elements/understand_system", json={"status": "active"}))
    assert (first["id"], first["kind"]) == ("c:understand_system", "understand_system")
    assert first["status"] == "active"
    ok(client.patch("/cycles/c/elements/experiment", json={"status": "active", "notes": "Calls Monday"}))
    ok(client.patch("/cycles/c/elements/stewardship", json={"status": "done"}))
    elements = ok(client.get("/cycles/c/elements"))
    assert [(e["kind"], e["status"], e["notes"]) for e in elements] == [
        ("understand_system", "active", None), ("co_design", "not_started", None),
        ("experiment", "active", "Calls Monday"), ("embed_influence", "not_started", None),
        ("stewardship", "done", None),
    ]
    assert ok(client.get("/cycles/c"))["elements"] == elements
    # notes alone leave the status as it is
    assert ok(client.patch("/cycles/c/elements/experiment", json={"notes": "Week 2"}))["status"] == "active"
    with unchanged(graph):
        refused(client.patch("/cycles/c/elements/dreaming", json={"status": "active"}), 422, "validation")
        refused(client.patch("/cycles/c/elements/co_design", json={"status": "finished"}), 422, "validation")
        refused(client.patch("/cycles/c/elements/co_design", json={"status": None}), 422, "validation")
        refused(client.patch("/cycles/nope/elements/co_design", json={"status": "active"}), 404, "not_found",
                kind="cycle", id="nope")


def test_a_cycles_links_show_in_its_public_shape(client: TestClient) -> None:
    make_stack(client)
    t1 = ok(client.get("/cycles/t1"))
    assert (t1["feeds_into"], t1["fed_by"], t1["peers"]) == (["o1", "pl"], ["p1", "p2"], ["t2"])
    assert ok(client.get("/cycles/t2"))["peers"] == ["t1"]
    link_count = len(ok(client.get("/cycles/pl"))["fed_by"])
    assert link_count == 2

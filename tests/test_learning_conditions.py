"""Enabling: conditions a cycle raises (barriers block, enablers support experiments or cycles), the
cycles acting on them (remove a barrier, nurture an enabler) and their resolution."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph.core.db import Graph
from tests.learning_support import counts, make_experiment, make_stack, ok, refused, unchanged, unstamped


def stack_with_experiment(client: TestClient) -> None:
    make_stack(client)
    make_experiment(client, "p1", "calls")


def test_a_barrier_raised_from_below_blocks_an_experiment_and_a_cycle(
    client: TestClient, graph: Graph,
) -> None:
    stack_with_experiment(client)
    barrier = ok(client.post("/cycles/p1/conditions", json={
        "id": "rent-rule", "kind": "barrier", "description": "Rent-arrears rule triggers eviction letters",
        "raised_at": "2024-02-01", "blocks": ["calls", "t1", "calls"]}), 201)
    assert unstamped(barrier) == {
        "id": "rent-rule", "kind": "barrier", "description": "Rent-arrears rule triggers eviction letters",
        "status": "open", "raised_at": "2024-02-01T00:00:00Z", "resolved_at": None, "resolved_by": None,
        "raised_by": "p1", "blocks": [{"id": "calls", "kind": "experiment"}, {"id": "t1", "kind": "cycle"}],
        "supports": [], "acted_on_by": [],
    }
    c = counts(graph)
    assert (c["Condition"], c["RAISED"], c["BLOCKS"], c["SUPPORTS"]) == (1, 1, 2, 0)
    enabler = ok(client.post("/cycles/t1/conditions", json={
        "kind": "enabler", "description": "Flexible payment plans", "supports": ["p1", "p2"]}), 201)
    assert re.fullmatch(r"flexible-payment-plans-[0-9a-f]{8}", enabler["id"])
    assert [t["id"] for t in enabler["supports"]] == ["p1", "p2"]


def test_condition_refusals_change_nothing(client: TestClient, graph: Graph) -> None:
    stack_with_experiment(client)
    # ids are one namespace across kinds (issue 14): an experiment cannot take a cycle's id, so a
    # condition's target is never ambiguous
    refused(client.post("/cycles/p2/experiments", json={"id": "t2", "kind": "system_probe", "question": "Q"}),
            409, "duplicate_id", id="t2", taken_by="cycle")
    with unchanged(graph):
        refused(client.post("/cycles/p1/conditions", json={"kind": "barrier", "description": "B",
                                                           "supports": ["calls"]}),
                422, "effect_matches_kind", kind="barrier", effect="SUPPORTS")
        refused(client.post("/cycles/p1/conditions", json={"kind": "enabler", "description": "E",
                                                           "blocks": ["calls"]}),
                422, "effect_matches_kind", kind="enabler", effect="BLOCKS")
        # the condition node would be written before its links: the 404 must roll it back
        refused(client.post("/cycles/p1/conditions", json={"id": "b", "kind": "barrier", "description": "B",
                                                           "blocks": ["calls", "ghost"]}),
                404, "not_found", kind="experiment or cycle", id="ghost", role="blocks")
        refused(client.post("/cycles/ghost/conditions", json={"kind": "barrier", "description": "B"}), 404,
                "not_found", kind="cycle", id="ghost")
        refused(client.post("/cycles/p1/conditions", json={"kind": "obstacle", "description": "B"}), 422,
                "validation")
        refused(client.post("/cycles/p1/conditions", json={"kind": "barrier"}), 422, "validation")
        refused(client.post("/cycles/p1/conditions", json={"kind": "barrier", "description": "B",
                                                           "status": "closed"}), 422, "validation")


def test_acts_on_must_match_the_kind(client: TestClient, graph: Graph) -> None:
    stack_with_experiment(client)
    ok(client.post("/cycles/p1/conditions", json={"id": "b", "kind": "barrier", "description": "B"}), 201)
    ok(client.post("/cycles/p1/conditions", json={"id": "e", "kind": "enabler", "description": "E"}), 201)
    assert ok(client.put("/cycles/o1/acts-on/b", json={"action": "remove"}))["acted_on_by"] == [
        {"cycle_id": "o1", "action": "remove"}]
    ok(client.put("/cycles/t1/acts-on/e", json={"action": "nurture"}))
    ok(client.put("/cycles/pl/acts-on/e", json={"action": "nurture"}))
    with unchanged(graph):
        ok(client.put("/cycles/o1/acts-on/b", json={"action": "remove"}))  # idempotent
        refused(client.put("/cycles/o1/acts-on/b", json={"action": "nurture"}), 422, "action_matches_kind",
                cycle="o1", condition="b", kind="barrier", action="nurture")
        refused(client.put("/cycles/o1/acts-on/e", json={"action": "remove"}), 422, "action_matches_kind",
                condition="e", kind="enabler")
        refused(client.put("/cycles/o1/acts-on/e", json={"action": "ignore"}), 422, "validation")
        refused(client.put("/cycles/o1/acts-on/ghost", json={"action": "remove"}), 404, "not_found",
                kind="condition", id="ghost")
        refused(client.put("/cycles/ghost/acts-on/b", json={"action": "remove"}), 404, "not_found",
                kind="cycle", id="ghost")
    assert counts(graph)["ACTS_ON"] == 3
    ids = lambda r: [k["id"] for k in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/conditions?acted_on_by=pl")) == ["e"]
    assert ids(client.get("/conditions?kind=barrier")) == ["b"]
    assert ids(client.get("/conditions?cycle=p1")) == ["b", "e"]
    assert ok(client.delete("/cycles/t1/acts-on/e"))["acted_on_by"] == [
        {"cycle_id": "pl", "action": "nurture"}]


def test_resolving_a_condition_stores_when_and_by_whom(client: TestClient, graph: Graph) -> None:
    stack_with_experiment(client)
    ok(client.post("/cycles/p1/conditions", json={"id": "b", "kind": "barrier", "description": "B"}), 201)
    assert ok(client.patch("/conditions/b", json={"status": "acting"}))["status"] == "acting"
    with unchanged(graph):
        refused(client.patch("/conditions/b", json={"resolved_by": "o1"}), 422, "resolved_by_needs_resolved",
                id="b", condition_status="acting")
        refused(client.patch("/conditions/b", json={"status": "resolved", "resolved_by": "ghost"}), 404,
                "not_found", kind="cycle", id="ghost", role="resolved_by")
        refused(client.patch("/conditions/b", json={"status": None}), 422, "validation")
        refused(client.patch("/conditions/b", json={"kind": "enabler"}), 422, "validation")
    resolved = ok(client.patch("/conditions/b", json={"status": "resolved", "resolved_by": "pl",
                                                       "resolved_at": "2024-06-30T12:00:00Z"}))
    assert (resolved["status"], resolved["resolved_at"], resolved["resolved_by"]) == (
        "resolved", "2024-06-30T12:00:00Z", "pl")
    # a later edit keeps the resolution
    kept = ok(client.patch("/conditions/b", json={"description": "Rent rule"}))
    assert (kept["description"], kept["resolved_at"], kept["resolved_by"]) == (
        "Rent rule", "2024-06-30T12:00:00Z", "pl")
    reopened = ok(client.patch("/conditions/b", json={"status": "open"}))
    assert (reopened["resolved_at"], reopened["resolved_by"]) == (None, None)
    now = ok(client.patch("/conditions/b", json={"status": "resolved"}))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", now["resolved_at"])
    assert now["resolved_by"] is None
    assert [k["id"] for k in ok(client.get("/conditions?status=resolved"))["items"]] == ["b"]


def test_effects_can_be_added_and_removed_later(client: TestClient, graph: Graph) -> None:
    stack_with_experiment(client)
    ok(client.post("/cycles/p1/conditions", json={"id": "b", "kind": "barrier", "description": "B"}), 201)
    assert ok(client.put("/conditions/b/blocks/calls"))["blocks"] == [{"id": "calls", "kind": "experiment"}]
    with unchanged(graph):
        refused(client.put("/conditions/b/supports/calls"), 422, "effect_matches_kind", id="b")
        refused(client.put("/conditions/b/blocks/ghost"), 404, "not_found", id="ghost")
        refused(client.put("/conditions/b/hinders/calls"), 422, "validation")
    assert ok(client.delete("/conditions/b/blocks/calls"))["blocks"] == []
    assert counts(graph)["BLOCKS"] == 0
    assert ok(client.delete("/conditions/b"))["deleted"] == {"Condition": 1}
    assert counts(graph)["RAISED"] == 0
    assert ok(client.get("/cycles/p1"))["id"] == "p1"

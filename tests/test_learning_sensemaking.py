"""Patterns derived from evidence (supports / contradicts), the sessions they surface in and the
decisions they inform."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.db import Graph
from tests.learning_support import (
    counts,
    make_actor,
    make_cycle,
    make_evidence,
    make_experiment,
    ok,
    refused,
    unchanged,
    unstamped,
)

STATEMENT = "Asking 'how can we help?' surfaces root causes"


def evidence_from_two_cycles(client: TestClient) -> None:
    """p1 and p2 (person) each ran one experiment: p1 yielded e1, e2; p2 yielded e3 (personal)."""
    for cycle_id, x in (("p1", "x1"), ("p2", "x2")):
        make_cycle(client, cycle_id, "person")
        make_experiment(client, cycle_id, x)
    make_evidence(client, "x1", "e1")
    make_evidence(client, "x1", "e2", kind="quantitative", text=None, value=3)
    make_evidence(client, "x2", "e3", sensitivity="personal")


def test_a_pattern_shows_its_working(client: TestClient, graph: Graph) -> None:
    evidence_from_two_cycles(client)
    pattern = ok(client.post("/patterns", json={
        "id": "asking-helps", "statement": STATEMENT,
        "derived_from": [{"evidence_id": "e3", "stance": "supports"},
                         {"evidence_id": "e1", "stance": "supports"},
                         {"evidence_id": "e2", "stance": "contradicts"}],
    }), 201)
    assert unstamped(pattern) == {
        "id": "asking-helps", "statement": STATEMENT, "status": "emerging",
        "derived_from": [
            {"evidence_id": "e1", "stance": "supports", "experiment_id": "x1", "cycle_id": "p1"},
            {"evidence_id": "e2", "stance": "contradicts", "experiment_id": "x1", "cycle_id": "p1"},
            {"evidence_id": "e3", "stance": "supports", "experiment_id": "x2", "cycle_id": "p2"},
        ],
        "supporting": 2, "contradicting": 1, "surfaced_in": [], "informed": [],
    }
    # no evidence content travels with a pattern (e3 is personal)
    assert not {"text", "value", "unit"} & {key for source in pattern["derived_from"] for key in source}
    assert counts(graph)["DERIVED_FROM"] == 3
    assert ok(client.get("/evidence/e1"))["patterns"] == [
        {"pattern_id": "asking-helps", "stance": "supports"}]
    generated = ok(client.post("/patterns", json={"statement": "Debt follows job loss"}), 201)
    assert generated["id"].startswith("debt-follows-job-loss-")
    assert (generated["derived_from"], generated["supporting"]) == ([], 0)


def test_pattern_refusals_change_nothing(client: TestClient, graph: Graph) -> None:
    evidence_from_two_cycles(client)
    ok(client.post("/patterns", json={"id": "p", "statement": "S"}), 201)
    with unchanged(graph):
        refused(client.post("/patterns", json={"id": "q", "statement": "S", "derived_from": [
            {"evidence_id": "e1", "stance": "supports"}, {"evidence_id": "ghost", "stance": "supports"}]}),
            404, "not_found", kind="evidence", id="ghost", role="derived_from")
        refused(client.post("/patterns", json={"id": "q", "statement": "S", "derived_from": [
            {"evidence_id": "e1", "stance": "supports"}, {"evidence_id": "e1", "stance": "contradicts"}]}),
            422, "derived_from_once", id="q", evidence=["e1"])
        refused(client.post("/patterns", json={"id": "q", "statement": "S", "derived_from": [
            {"evidence_id": "e1", "stance": "maybe"}]}), 422, "validation")
        refused(client.post("/patterns", json={"id": "q", "statement": "S", "derived_from": [
            {"evidence_id": "e1"}]}), 422, "validation")
        refused(client.post("/patterns", json={"id": "p", "statement": "S"}), 409, "duplicate_id",
                kind="pattern", id="p")
        refused(client.post("/patterns", json={"statement": "S", "status": "certain"}), 422, "validation")
        refused(client.put("/patterns/p/derived-from/ghost", json={"stance": "supports"}), 404, "not_found",
                kind="evidence", id="ghost")
        refused(client.put("/patterns/ghost/derived-from/e1", json={"stance": "supports"}), 404, "not_found",
                kind="pattern", id="ghost")
        refused(client.patch("/patterns/p", json={"statement": None}), 422, "validation")


def test_derived_from_can_be_added_changed_and_removed_later(client: TestClient, graph: Graph) -> None:
    evidence_from_two_cycles(client)
    ok(client.post("/patterns", json={"id": "p", "statement": "S"}), 201)
    ok(client.put("/patterns/p/derived-from/e1", json={"stance": "supports"}))
    body = ok(client.put("/patterns/p/derived-from/e1", json={"stance": "contradicts"}))
    assert ([d["stance"] for d in body["derived_from"]], body["supporting"], body["contradicting"]) == (
        ["contradicts"], 0, 1)
    assert counts(graph)["DERIVED_FROM"] == 1
    assert ok(client.delete("/patterns/p/derived-from/e1"))["derived_from"] == []
    updated = ok(client.patch("/patterns/p", json={"status": "established"}))
    assert (updated["statement"], updated["status"]) == ("S", "established")


def test_list_patterns_filters(client: TestClient) -> None:
    evidence_from_two_cycles(client)
    ok(client.post("/patterns", json={"id": "a", "statement": "A", "derived_from": [
        {"evidence_id": "e1", "stance": "supports"}]}), 201)
    ok(client.post("/patterns", json={"id": "b", "statement": "B", "status": "disputed"}), 201)
    ok(client.post("/patterns", json={"id": "c", "statement": "C"}), 201)
    ok(client.post("/cycles/p1/sessions", json={"id": "s", "patterns": ["c"]}), 201)
    ids = lambda r: [p["id"] for p in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/patterns")) == ["a", "b", "c"]
    assert ids(client.get("/patterns?status=disputed")) == ["b"]
    assert ids(client.get("/patterns?evidence=e1")) == ["a"]
    assert ids(client.get("/patterns?session=s")) == ["c"]
    assert ok(client.get("/patterns?limit=2&offset=2"))["items"][0]["id"] == "c"


def test_sessions_hold_attendees_and_surfaced_patterns(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "team", "team")
    make_actor(client, "ann")
    make_actor(client, "bob")
    ok(client.post("/patterns", json={"id": "p", "statement": "S"}), 201)
    session = ok(client.post("/cycles/team/sessions", json={
        "id": "s1", "held_at": "2024-03-05T14:00:00Z", "notes": "Monthly", "attendees": ["ann", "ann"],
        "patterns": ["p"]}), 201)
    assert unstamped(session) == {"id": "s1", "held_at": "2024-03-05T14:00:00Z", "notes": "Monthly",
                                  "cycle_id": "team", "attendees": ["ann"], "patterns": ["p"]}
    assert ok(client.put("/sessions/s1/attendees/bob"))["attendees"] == ["ann", "bob"]
    assert ok(client.delete("/sessions/s1/attendees/ann"))["attendees"] == ["bob"]
    assert ok(client.delete("/sessions/s1/patterns/p"))["patterns"] == []
    assert ok(client.put("/sessions/s1/patterns/p"))["patterns"] == ["p"]
    assert ok(client.get("/patterns/p"))["surfaced_in"] == ["s1"]
    assert ok(client.patch("/sessions/s1", json={"notes": None}))["notes"] is None
    generated = ok(client.post("/cycles/team/sessions", json={}), 201)
    assert generated["id"].startswith("session-")
    listed = ok(client.get("/sessions?cycle=team"))["items"]
    assert [s["id"] for s in listed] == sorted(["s1", generated["id"]])
    with unchanged(graph):
        refused(client.post("/cycles/team/sessions", json={"attendees": ["ghost"]}), 404, "not_found",
                kind="actor", id="ghost", role="attendee")
        refused(client.post("/cycles/team/sessions", json={"patterns": ["ghost"]}), 404, "not_found",
                kind="pattern", id="ghost", role="surfaced")
        refused(client.post("/cycles/ghost/sessions", json={}), 404, "not_found", kind="cycle", id="ghost")
        refused(client.post("/cycles/team/sessions", json={"held_at": "soon"}), 422, "validation")
        refused(client.put("/sessions/s1/attendees/ghost"), 404, "not_found", kind="actor", id="ghost")
    assert ok(client.delete("/sessions/s1"))["deleted"] == {"SensemakingSession": 1}
    assert ok(client.get("/patterns/p"))["surfaced_in"] == []
    assert counts(graph)["Actor"] == 2


def test_decisions_informed_by_patterns(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "org", "organisation")
    ok(client.post("/patterns", json={"id": "p", "statement": "S"}), 201)
    ok(client.post("/patterns", json={"id": "q", "statement": "T"}), 201)
    decision = ok(client.post("/cycles/org/decisions", json={
        "id": "d1", "kind": "embed", "rationale": "Works across teams", "decided_at": "2024-04-01",
        "informed_by": ["p"]}), 201)
    assert unstamped(decision) == {"id": "d1", "kind": "embed", "rationale": "Works across teams",
                        "decided_at": "2024-04-01T00:00:00Z", "cycle_id": "org", "informed_by": ["p"]}
    assert ok(client.put("/decisions/d1/informed-by/q"))["informed_by"] == ["p", "q"]
    assert ok(client.delete("/decisions/d1/informed-by/p"))["informed_by"] == ["q"]
    assert ok(client.get("/patterns/q"))["informed"] == ["d1"]
    ok(client.post("/cycles/org/decisions", json={"id": "d2", "kind": "abandon"}), 201)
    assert [d["id"] for d in ok(client.get("/decisions?cycle=org&kind=abandon"))["items"]] == ["d2"]
    assert ok(client.patch("/decisions/d2", json={"kind": "adapt"}))["kind"] == "adapt"
    with unchanged(graph):
        refused(client.post("/cycles/org/decisions", json={"kind": "postpone"}), 422, "validation")
        refused(client.post("/cycles/org/decisions", json={"kind": "adopt", "informed_by": ["ghost"]}), 404,
                "not_found", kind="pattern", id="ghost", role="informed_by")
        refused(client.post("/cycles/org/decisions", json={"id": "d1", "kind": "adopt"}), 409,
                "duplicate_id", kind="decision", id="d1")
        refused(client.patch("/decisions/d2", json={"kind": None}), 422, "validation")
    assert ok(client.delete("/decisions/d1"))["deleted"] == {"Decision": 1}
    assert ok(client.get("/patterns/q"))["informed"] == []
    assert ok(client.delete("/patterns/q"))["deleted"] == {"Pattern": 1}

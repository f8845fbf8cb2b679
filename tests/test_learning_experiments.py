"""Experiments a cycle runs (iterations, co-designers, factors) and the evidence they yield, with the
sensitivity rule: restricted text, value and unit reach only the producing cycle."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.learning.sensitivity import Reader, redact
from tests.auth_support import key_for
from tests.learning_support import (
    add_outcome_system,
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


def test_create_and_read_an_experiment(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "calls", "person")
    x = make_experiment(client, "calls", "ask-help", kind="system_probe", hypothesis=None,
                        started_at="2024-01-08", outcome="arrears reduced", status="running")
    assert unstamped(x) == {
        "id": "ask-help", "kind": "system_probe", "question": "Q ask-help?", "hypothesis": None,
        "status": "running", "started_at": "2024-01-08T00:00:00Z", "ended_at": None,
        "outcome": "arrears reduced", "cycle_id": "calls", "next_iterations": [], "previous_iterations": [],
        "co_designers": [], "intervenes_on": [], "evidence_count": 0,
    }
    generated = ok(client.post("/cycles/calls/experiments", json={"kind": "hypothesis_test",
                                                                    "question": "Will a text help?"}), 201)
    assert generated["id"].startswith("will-a-text-help-")
    assert generated["status"] == "planned"
    assert counts(graph)["RUNS"] == 2
    assert ok(client.get("/experiments/ask-help")) == x


def test_experiment_refusals_change_nothing(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "calls", "person")
    make_experiment(client, "calls", "x1")
    with unchanged(graph):
        refused(client.post("/cycles/ghost/experiments", json={"kind": "system_probe", "question": "Q"}), 404,
                "not_found", kind="cycle", id="ghost")
        refused(client.post("/cycles/calls/experiments", json={"id": "x1", "kind": "system_probe",
                                                                "question": "Q"}), 409, "duplicate_id",
                kind="experiment", id="x1")
        for bad in [{"kind": "guess"}, {"question": None}, {"status": "paused"}, {"colour": "red"},
                    {"outcome": "x" * 201}]:
            body = {"kind": "system_probe", "question": "Q", **bad}
            refused(client.post("/cycles/calls/experiments",
                                json={k: v for k, v in body.items() if v is not None}), 422, "validation")
        refused(client.post("/cycles/calls/experiments", json={
            "id": "x2", "kind": "system_probe", "question": "Q", "started_at": "2024-02-01",
            "ended_at": "2024-01-01"}), 422, "ended_after_started", id="x2")
        refused(client.patch("/experiments/x1", json={"started_at": "2024-02-01", "ended_at": "2024-01-31"}),
                422, "ended_after_started", id="x1")
        refused(client.patch("/experiments/x1", json={"status": None}), 422, "validation")
        refused(client.get("/experiments/ghost"), 404, "not_found", kind="experiment", id="ghost")


def test_patch_and_list_experiments_with_filters_and_pages(client: TestClient) -> None:
    make_cycle(client, "a", "person")
    make_cycle(client, "b", "person")
    for n in range(4):
        make_experiment(client, "a", f"a{n}", kind="hypothesis_test" if n % 2 else "system_probe")
    make_experiment(client, "b", "b0")
    ok(client.patch("/experiments/a1", json={"status": "completed", "outcome": "more residents engaged"}))
    ids = lambda r: [x["id"] for x in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/experiments")) == ["a0", "a1", "a2", "a3", "b0"]
    assert ids(client.get("/experiments?cycle=a")) == ["a0", "a1", "a2", "a3"]
    assert ids(client.get("/experiments?cycle=a&kind=hypothesis_test")) == ["a1", "a3"]
    assert ids(client.get("/experiments?status=completed")) == ["a1"]
    page = ok(client.get("/experiments?cycle=a&limit=2&offset=2"))
    assert ([x["id"] for x in page["items"]], page["total"], page["limit"], page["offset"]) == (
        ["a2", "a3"], 4, 2, 2)
    assert ok(client.get("/experiments/a1"))["outcome"] == "more residents engaged"
    refused(client.get("/experiments?kind=guess"), 422, "validation")


def test_iterations_are_a_chain_without_loops(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "person")
    for x in ("v1", "v2", "v3"):
        make_experiment(client, "c", x)
    assert ok(client.put("/experiments/v1/next-iteration/v2"))["next_iterations"] == ["v2"]
    ok(client.put("/experiments/v2/next-iteration/v3"))
    assert ok(client.get("/experiments/v3"))["previous_iterations"] == ["v2"]
    with unchanged(graph):
        ok(client.put("/experiments/v1/next-iteration/v2"))  # idempotent
        refused(client.put("/experiments/v3/next-iteration/v1"), 422, "no_iteration_loop", id="v3", next="v1",
                path=["v1", "v2", "v3"])
        refused(client.put("/experiments/v1/next-iteration/v1"), 422, "no_self_link", id="v1")
        refused(client.put("/experiments/v1/next-iteration/ghost"), 404, "not_found", id="ghost", role="next")
    assert counts(graph)["NEXT_ITERATION"] == 2
    assert ok(client.delete("/experiments/v1/next-iteration/v2"))["next_iterations"] == []


def test_co_designers_and_factors(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "person")
    make_experiment(client, "c", "x")
    make_actor(client, "ann")
    make_actor(client, "resident", kind="role")
    ok(client.put("/experiments/x/co-designers/resident"))
    assert ok(client.put("/experiments/x/co-designers/ann"))["co_designers"] == ["ann", "resident"]
    with unchanged(graph):
        refused(client.put("/experiments/x/co-designers/ghost"), 404, "not_found", kind="actor", id="ghost")
        refused(client.put("/experiments/x/intervenes-on/debt:stress"), 404, "not_found", kind="factor",
                id="debt:stress")
    add_outcome_system(graph, "debt", ["debt:stress", "debt:income"])
    ok(client.put("/experiments/x/intervenes-on/debt:stress"))
    assert ok(client.put("/experiments/x/intervenes-on/debt:income"))["intervenes_on"] == [
        "debt:income", "debt:stress"]
    assert ok(client.delete("/experiments/x/intervenes-on/debt:income"))["intervenes_on"] == ["debt:stress"]
    assert ok(client.delete("/experiments/x/co-designers/ann"))["co_designers"] == ["resident"]


def test_evidence_of_both_kinds(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "person")
    make_experiment(client, "c", "x")
    story = make_evidence(client, "x", "story", recorded_at="2024-02-01T10:00:00Z")
    assert unstamped(story) == {"id": "story", "kind": "narrative", "text": "story story", "value": None,
                                "unit": None,
                     "recorded_at": "2024-02-01T10:00:00Z", "sensitivity": "public", "restricted": False,
                     "experiment_id": "x", "cycle_id": "c", "patterns": []}
    measure = ok(client.post("/experiments/x/evidence", json={
        "kind": "quantitative", "value": 12.5, "unit": "GBP/week", "sensitivity": "network"}), 201)
    assert (measure["id"][:9], measure["value"], measure["unit"]) == ("evidence-", 12.5, "GBP/week")
    assert ok(client.get("/experiments/x"))["evidence_count"] == 2
    with unchanged(graph):
        refused(client.post("/experiments/x/evidence", json={"kind": "quantitative",
                                                              "sensitivity": "public"}),
                422, "evidence_kind_fields", field="value")
        refused(client.post("/experiments/x/evidence", json={"kind": "narrative", "sensitivity": "public"}),
                422, "evidence_kind_fields", field="text")
        refused(client.post("/experiments/x/evidence", json={"kind": "narrative", "text": "t"}), 422,
                "validation")
        refused(client.post("/experiments/x/evidence", json={"kind": "narrative", "text": "t",
                                                              "sensitivity": "secret"}), 422, "validation")
        refused(client.post("/experiments/ghost/evidence", json={"kind": "narrative", "text": "t",
                                                                 "sensitivity": "public"}), 404, "not_found",
                kind="experiment", id="ghost")
        refused(client.patch("/evidence/story", json={"text": None}), 422, "evidence_kind_fields", id="story")
        refused(client.patch("/evidence/story", json={"sensitivity": None}), 422, "validation")


def test_evidence_lists_filter_and_page(client: TestClient) -> None:
    make_cycle(client, "a", "person")
    make_cycle(client, "b", "person")
    make_experiment(client, "a", "xa")
    make_experiment(client, "b", "xb")
    for n in range(3):
        make_evidence(client, "xa", f"ea{n}", sensitivity="public" if n else "network")
    make_evidence(client, "xb", "eb0", kind="quantitative", value=3)
    ids = lambda r: [e["id"] for e in ok(r)["items"]]  # noqa: E731
    assert ids(client.get("/evidence")) == ["ea0", "ea1", "ea2", "eb0"]
    assert ids(client.get("/evidence?experiment=xa")) == ["ea0", "ea1", "ea2"]
    assert ids(client.get("/evidence?cycle=b")) == ["eb0"]
    assert ids(client.get("/evidence?kind=quantitative")) == ["eb0"]
    assert ids(client.get("/evidence?sensitivity=network")) == ["ea0"]
    page = ok(client.get("/evidence?limit=1&offset=1"))
    assert ([e["id"] for e in page["items"]], page["total"]) == (["ea1"], 4)


def test_restricted_evidence_is_shown_only_to_its_producing_cycle(client: TestClient) -> None:
    make_cycle(client, "calls", "person")
    make_cycle(client, "team", "team")
    make_experiment(client, "calls", "x")
    make_evidence(client, "x", "personal-story", sensitivity="personal", text="Mrs B lost her job")
    make_evidence(client, "x", "cycle-count", sensitivity="cycle", kind="quantitative", text=None, value=4,
                  unit="calls")
    make_evidence(client, "x", "network-story", sensitivity="network", text="Residents welcome the call")
    withheld = {"text": None, "value": None, "unit": None, "restricted": True}
    # Issue 13: who may read is the caller's; the test client is an admin, so "no viewer cycle" is
    # now a viewer taking part in no cycle (and a viewer cycle narrows what the admin sees).
    nobody = key_for(client.app.state.graph, "nobody", "viewer")
    for viewer, headers in (("", nobody), ("?viewer_cycle=team", None)):
        story = ok(client.get(f"/evidence/personal-story{viewer}", headers=headers))
        assert {k: story[k] for k in withheld} == withheld
        assert (story["sensitivity"], story["cycle_id"]) == ("personal", "calls")
        count = ok(client.get(f"/evidence/cycle-count{viewer}", headers=headers))
        assert {k: count[k] for k in withheld} == withheld
        listed = {e["id"]: e for e in ok(client.get(f"/evidence{viewer}", headers=headers))["items"]}
        assert listed["personal-story"]["text"] is None
        assert listed["cycle-count"]["value"] is None
        assert (listed["network-story"]["text"], listed["network-story"]["restricted"]) == (
            "Residents welcome the call", False)
    own = ok(client.get("/evidence/personal-story?viewer_cycle=calls"))
    assert (own["text"], own["restricted"]) == ("Mrs B lost her job", False)
    own = ok(client.get("/evidence/cycle-count?viewer_cycle=calls"))
    assert (own["value"], own["unit"], own["restricted"]) == (4.0, "calls", False)
    # the write routes answer through the same rule
    created = ok(client.post("/experiments/x/evidence?viewer_cycle=team", json={
        "id": "new", "kind": "narrative", "text": "private", "sensitivity": "cycle"}), 201)
    assert (created["text"], created["restricted"]) == (None, True)
    patched = ok(client.patch("/evidence/network-story?viewer_cycle=team", json={"sensitivity": "personal"}))
    assert (patched["text"], patched["restricted"]) == (None, True)
    patched = ok(client.patch("/evidence/network-story?viewer_cycle=calls", json={"unit": None}))
    assert (patched["text"], patched["restricted"]) == ("Residents welcome the call", False)
    refused(client.get("/evidence/personal-story?viewer_cycle=ghost"), 404, "not_found", kind="cycle",
            id="ghost", role="viewer_cycle")


def test_redact_is_one_function_others_can_reuse() -> None:
    evidence = {"id": "e", "sensitivity": "cycle", "text": "t", "value": 1.0, "unit": "u"}
    member_of_a, admin = Reader("viewer", participates=frozenset({"a"})), Reader("admin")
    assert redact(evidence, "a", "b", admin) == {"id": "e", "sensitivity": "cycle", "text": None,
                                                 "value": None, "unit": None, "restricted": True}
    assert redact(evidence, "a", "a", admin) == {**evidence, "restricted": False}
    assert redact(evidence, "a", None, member_of_a) == {**evidence, "restricted": False}
    assert redact(evidence, "a", "a", Reader("viewer"))["restricted"] is True
    assert redact({**evidence, "sensitivity": "public"}, "a", None, Reader("anonymous"))["text"] == "t"
    assert evidence["text"] == "t"  # the input is not changed


def test_deleting_an_experiment_deletes_its_evidence(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "person")
    make_experiment(client, "c", "x")
    make_experiment(client, "c", "keep")
    make_evidence(client, "x", "e1")
    make_evidence(client, "x", "e2")
    make_evidence(client, "keep", "e3")
    ok(client.post("/patterns", json={"id": "p", "statement": "S", "derived_from": [
        {"evidence_id": "e1", "stance": "supports"}]}), 201)
    ok(client.post("/patterns", json={"id": "q", "statement": "S", "derived_from": [
        {"evidence_id": "e2", "stance": "supports"}, {"evidence_id": "e3", "stance": "supports"}]}), 201)
    body = ok(client.delete("/experiments/x"))
    assert body == {"deleted": {"Experiment": 1, "Evidence": 2}, "detached_lower_cycles": [],
                    "patterns_left_without_evidence": ["p"]}
    c = counts(graph)
    assert (c["Experiment"], c["Evidence"], c["Pattern"], c["YIELDED"], c["DERIVED_FROM"]) == (1, 1, 2, 1, 1)
    assert ok(client.get("/patterns/p"))["derived_from"] == []
    assert [d["evidence_id"] for d in ok(client.get("/patterns/q"))["derived_from"]] == ["e3"]
    refused(client.get("/evidence/e1"), 404, "not_found", kind="evidence", id="e1")
    assert ok(client.delete("/evidence/e3")) == {"deleted": {"Evidence": 1}, "detached_lower_cycles": [],
                                                  "patterns_left_without_evidence": ["q"]}

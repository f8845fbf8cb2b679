"""Deleting a cycle: refused while lower cycles feed into it unless detached; takes with it what would
dangle (elements, experiments, evidence, sessions, decisions, raised conditions), keeps actors,
patterns and other cycles, and never leaves evidence without its experiment. Also: the domain
functions work from Python in one transaction each."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.errors import RuleBroken
from graph.learning import cycles, evidence, experiments
from graph.learning import links as cycle_links
from tests.learning_support import (
    counts,
    make_actor,
    make_evidence,
    make_experiment,
    make_stack,
    ok,
    refused,
    unchanged,
)


def busy_team_cycle(client: TestClient) -> None:
    """The stack, with t1 running two experiments (three evidence), holding a session, deciding,
    raising a barrier that o1 acts on; p1 has its own experiment and evidence."""
    make_stack(client)
    make_actor(client, "ann")
    ok(client.put("/cycles/t1/participants/ann", json={"role": "manager"}))
    make_experiment(client, "t1", "tx1")
    make_experiment(client, "t1", "tx2")
    make_experiment(client, "p1", "px")
    ok(client.put("/experiments/px/next-iteration/tx1"))
    for ev, x in (("te1", "tx1"), ("te2", "tx1"), ("te3", "tx2"), ("pe1", "px")):
        make_evidence(client, x, ev)
    ok(client.post("/patterns", json={"id": "only-team", "statement": "A", "derived_from": [
        {"evidence_id": "te1", "stance": "supports"}, {"evidence_id": "te3", "stance": "contradicts"}]}), 201)
    ok(client.post("/patterns", json={"id": "mixed", "statement": "B", "derived_from": [
        {"evidence_id": "te2", "stance": "supports"}, {"evidence_id": "pe1", "stance": "supports"}]}), 201)
    ok(client.post("/cycles/t1/sessions", json={"id": "s", "attendees": ["ann"], "patterns": ["mixed"]}), 201)
    ok(client.post("/cycles/t1/decisions", json={"id": "d", "kind": "adapt", "informed_by": ["mixed"]}), 201)
    ok(client.post("/cycles/t1/conditions", json={"id": "b", "kind": "barrier", "description": "B",
                                                  "blocks": ["px"]}), 201)
    ok(client.put("/cycles/o1/acts-on/b", json={"action": "remove"}))
    ok(client.post("/cycles/p1/conditions", json={"id": "b2", "kind": "barrier", "description": "B2",
                                                  "blocks": ["t1", "tx2"]}), 201)


def test_a_cycle_that_others_feed_into_is_not_deleted_without_detach(
    client: TestClient, graph: Graph,
) -> None:
    busy_team_cycle(client)
    with unchanged(graph):
        body = refused(client.delete("/cycles/t1"), 409, "cycle_has_lower_cycles", id="t1",
                       fed_by=["p1", "p2"])
        assert "detach=true" in body["message"]
        refused(client.delete("/cycles/t1?detach=false"), 409, "cycle_has_lower_cycles")
        refused(client.delete("/cycles/t1?detach=maybe"), 422, "validation")


def test_delete_with_detach_removes_what_would_dangle_and_keeps_the_rest(
    client: TestClient, graph: Graph,
) -> None:
    busy_team_cycle(client)
    before = counts(graph)
    body = ok(client.delete("/cycles/t1?detach=true"))
    assert body == {
        "deleted": {"LearningCycle": 1, "CycleElement": 5, "Experiment": 2, "Evidence": 3,
                    "SensemakingSession": 1, "Decision": 1, "Condition": 1},
        "detached_lower_cycles": ["p1", "p2"],
        "patterns_left_without_evidence": ["only-team"],
    }
    after = counts(graph)
    for label, n in body["deleted"].items():
        assert before[label] - after[label] == n, label
    assert (after["Actor"], after["Pattern"], after["LearningCycle"]) == (1, 2, 5)
    # no evidence without its experiment, no element without its cycle, nothing left pointing at t1
    assert after["Evidence"] == after["YIELDED"] == 1
    assert after["CycleElement"] == after["HAS_ELEMENT"] == 25
    assert (after["FEEDS_INTO"], after["PEER_OF"], after["PARTICIPATES_IN"]) == (1, 0, 0)
    assert (after["RAISED"], after["BLOCKS"], after["ACTS_ON"], after["NEXT_ITERATION"]) == (1, 0, 0, 0)
    # patterns stay readable; the one with evidence left keeps it
    assert ok(client.get("/patterns/only-team"))["derived_from"] == []
    assert [d["evidence_id"] for d in ok(client.get("/patterns/mixed"))["derived_from"]] == ["pe1"]
    assert ok(client.get("/patterns/mixed"))["surfaced_in"] == []
    assert ok(client.get("/cycles/p1"))["feeds_into"] == []
    assert ok(client.get("/conditions/b2"))["blocks"] == []
    refused(client.get("/cycles/t1"), 404, "not_found", id="t1")
    refused(client.get("/experiments/tx1"), 404, "not_found", id="tx1")
    refused(client.get("/sessions/s"), 404, "not_found", id="s")
    refused(client.get("/evidence/te1"), 404, "not_found", id="te1")


def test_a_cycle_nobody_feeds_into_is_deleted_without_detach(client: TestClient, graph: Graph) -> None:
    make_stack(client)
    body = ok(client.delete("/cycles/p1"))
    assert body["deleted"]["LearningCycle"] == 1
    assert body["detached_lower_cycles"] == []
    assert ok(client.get("/cycles/t1"))["fed_by"] == ["p2"]
    assert counts(graph)["FEEDS_INTO"] == 4


def test_domain_functions_run_in_the_callers_transaction(clean_graph: Graph) -> None:
    graph = clean_graph
    created = cycles.create_cycle(graph, {"id": "calls", "name": "Calls", "scale": "person"})
    assert [e["id"] for e in created["elements"]][0] == "calls:understand_system"

    def build(tx):
        cycles.create_cycle_tx(tx, {"id": "team", "name": "Team", "scale": "team"})
        cycle_links.link_feeds_into_tx(tx, "calls", "team")
        experiments.create_experiment_tx(tx, "calls", {"id": "x", "kind": "system_probe", "question": "Q"})
        return evidence.create_evidence_tx(tx, "x", {"id": "e", "kind": "narrative", "text": "t",
                                                     "sensitivity": "personal"}, viewer_cycle="calls")

    assert graph.write_tx(build)["text"] == "t"
    before = graph.read("schema/graph_snapshot")

    def half_done(tx):
        cycles.create_cycle_tx(tx, {"id": "org", "name": "Org", "scale": "organisation"})
        cycle_links.link_feeds_into_tx(tx, "org", "calls")  # refused: the org cycle is not lower

    try:
        graph.write_tx(half_done)
    except RuleBroken as refusal:
        assert refusal.details["rule"] == "feeds_into_scale_order"
    else:
        raise AssertionError("the link should have been refused")
    assert graph.read("schema/graph_snapshot") == before  # the org cycle was rolled back with it

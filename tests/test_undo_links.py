"""Undo of relationship changes (issue 14): a link made is removed and a link removed made again by
the same write a client would send, with its rules; what cannot be undone answers 409 naming why."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.core.acting import Caller, acting
from graph.core.db import Graph
from graph.learning import experiments, store
from tests.learning_support import make_actor, make_cycle, make_evidence, make_experiment, ok, refused

OTHER = Caller(actor_id="someone-else", role="admin", via="key")  # their changes are not ours to undo


def test_undo_removes_a_link_made_and_makes_again_a_link_removed(client: TestClient) -> None:
    make_cycle(client, "p", "person")
    make_cycle(client, "t", "team")
    ok(client.put("/cycles/p/feeds-into/t"))
    undone = ok(client.post("/undo"))["undone"]
    assert [(u["kind"], u["id"], u["op"]) for u in undone] == [("cycle", "p", "link")]
    assert ok(client.get("/cycles/p"))["feeds_into"] == []
    ok(client.put("/cycles/p/feeds-into/t"))
    ok(client.delete("/cycles/p/feeds-into/t"))
    assert ok(client.post("/undo"))["undone"][0]["op"] == "unlink"
    assert ok(client.get("/cycles/p"))["feeds_into"] == ["t"]
    latest = ok(client.get("/cycles/p/history"))["items"][0]
    assert latest["op"] == "link" and latest["undoes"] and latest["version"] == 6
    # the undo itself is not undone next: the change before it is (the feeds-into link made)
    assert ok(client.post("/undo"))["undone"][0]["op"] == "link"
    assert ok(client.get("/cycles/p"))["feeds_into"] == []


def test_undo_of_a_removed_iteration_link_keeps_the_loop_rule(client: TestClient, graph: Graph) -> None:
    """a→b removed; someone else links b→a since: making a→b again would close a loop → 409."""
    make_cycle(client, "c", "person")
    make_experiment(client, "c", "a")
    make_experiment(client, "c", "b")
    ok(client.put("/experiments/a/next-iteration/b"))
    ok(client.delete("/experiments/a/next-iteration/b"))
    with acting(OTHER):
        graph.write_tx(lambda tx: experiments.link_next_iteration_tx(tx, "b", "a"))
    body = refused(client.post("/undo"), 409, "cannot_undo")
    assert body["reason"] == "rule_broken" and body["refusal"]["rule"] == "no_iteration_loop"
    assert ok(client.get("/experiments/a"))["next_iterations"] == []
    assert ok(client.get("/experiments/b"))["next_iterations"] == ["a"]


def test_undo_of_a_removed_link_whose_other_end_is_gone_is_refused(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c", "person")
    make_experiment(client, "c", "x")
    make_actor(client, "ana")
    ok(client.put("/experiments/x/co-designers/ana"))
    ok(client.delete("/experiments/x/co-designers/ana"))
    with acting(OTHER):
        graph.write_tx(lambda tx: store.delete(tx, "actor", "learning/actor_delete", "ana"))
    body = refused(client.post("/undo"), 409, "cannot_undo")
    assert body["reason"] == "not_found" and "ana" in body["message"]
    assert ok(client.get("/experiments/x"))["co_designers"] == []


def test_undo_of_outcome_system_links(client: TestClient) -> None:
    ok(client.post("/systems", json={"id": "s", "name": "S", "outcome": "O"}), 201)
    for name in ("a", "b"):
        ok(client.post("/systems/s/factors", json={"id": name, "name": name}), 201)
    ok(client.post("/systems/s/links", json={"source": "a", "target": "b", "polarity": -1}), 201)
    assert ok(client.post("/undo"))["undone"][0]["kind"] == "link"
    refused(client.get("/systems/s/links/a/b"), 404, "not_found")
    ok(client.post("/systems/s/links", json={"source": "a", "target": "b", "polarity": -1}), 201)
    ok(client.patch("/systems/s/links/a/b", json={"polarity": 1}))
    ok(client.post("/undo"))
    assert ok(client.get("/systems/s/links/a/b"))["polarity"] == -1
    ok(client.delete("/systems/s/links/a/b"))
    ok(client.post("/undo"))
    back = ok(client.get("/systems/s/links/a/b"))
    assert back["polarity"] == -1


def _roles(client: TestClient, cycle: str) -> dict[str, str]:
    return {p["actor_id"]: p["role"] for p in ok(client.get(f"/cycles/{cycle}"))["participants"]}


def test_undo_gives_a_valued_relationship_back_the_value_it_had(client: TestClient) -> None:
    """A participant's role, a derivation's stance and an acting cycle's action: each change records
    the value it replaced, so undo sets it again (or removes what was new)."""
    make_cycle(client, "c", "team")
    make_actor(client, "ana")
    ok(client.put("/cycles/c/participants/ana", json={"role": "practitioner"}))
    ok(client.put("/cycles/c/participants/ana", json={"role": "manager"}))
    assert ok(client.post("/undo"))["undone"][0]["op"] == "link"
    assert _roles(client, "c")["ana"] == "practitioner"
    ok(client.delete("/cycles/c/participants/ana"))
    assert ok(client.post("/undo"))["undone"][0]["op"] == "unlink"
    assert _roles(client, "c")["ana"] == "practitioner"

    make_experiment(client, "c", "x")
    make_evidence(client, "x", "e")
    ok(client.post("/patterns", json={"id": "p", "statement": "S", "derived_from": [
        {"evidence_id": "e", "stance": "supports"}]}), 201)
    ok(client.put("/patterns/p/derived-from/e", json={"stance": "contradicts"}))
    ok(client.post("/undo"))
    assert ok(client.get("/patterns/p"))["derived_from"][0]["stance"] == "supports"
    ok(client.delete("/patterns/p/derived-from/e"))
    ok(client.post("/undo"))
    assert [d["stance"] for d in ok(client.get("/patterns/p"))["derived_from"]] == ["supports"]

    ok(client.post("/cycles/c/conditions", json={"id": "b", "kind": "barrier", "description": "B"}), 201)
    ok(client.put("/cycles/c/acts-on/b", json={"action": "remove"}))
    ok(client.delete("/cycles/c/acts-on/b"))
    assert ok(client.get("/conditions/b"))["acted_on_by"] == []
    ok(client.post("/undo"))
    assert ok(client.get("/conditions/b"))["acted_on_by"] == [{"cycle_id": "c", "action": "remove"}]
    ok(client.post("/undo"))  # the change before: acting on it was new, so it goes again
    assert ok(client.get("/conditions/b"))["acted_on_by"] == []


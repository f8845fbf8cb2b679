"""History, restore, trash and undo (issue 14): every write is recorded with who, when, before and
after; a delete goes to the trash and comes back with its links; one's last change can be undone."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.api.routes.history import get_backup
from graph.core.acting import Caller, acting
from graph.core.db import Graph
from graph.core.errors import AppError
from tests.learning_support import (
    make_actor,
    make_cycle,
    make_evidence,
    make_experiment,
    ok,
    refused,
    snapshot,
)


def test_every_write_is_recorded_and_an_entity_goes_back_to_a_version(client: TestClient) -> None:
    make_cycle(client, "c1", "person", purpose="first")
    ok(client.patch("/cycles/c1", json={"purpose": "second"}))
    changes = ok(client.get("/cycles/c1/history"))
    assert changes["total"] == 2
    latest, creation = changes["items"]
    assert (latest["op"], latest["version"], latest["actor"]) == ("update", 2, "local")
    assert latest["before"]["purpose"] == "first" and latest["after"]["purpose"] == "second"
    assert creation["op"] == "create" and creation["before"] is None and creation["after"]["version"] == 1
    assert latest["request_id"] and latest["at"] >= creation["at"]
    assert ok(client.get("/history", params={"entity": "c1", "actor": "local"}))["total"] == 2
    assert ok(client.get("/history", params={"actor": "nobody"}))["total"] == 0
    assert ok(client.get("/history", params={"since": latest["at"], "kind": "cycle"}))["total"] >= 1

    back = ok(client.post("/history/cycle/c1/restore", params={"version": 1}, headers={"If-Match": '"2"'}))
    assert back["purpose"] == "first" and back["version"] == 3
    refused(client.post("/history/cycle/c1/restore", params={"version": 1}, headers={"If-Match": '"2"'}),
            412, "version_mismatch", current_version=3)
    refused(client.post("/history/cycle/c1/restore", params={"version": 9}), 404, "not_found")


def test_a_cascading_delete_goes_to_the_trash_and_comes_back_with_its_links(
    client: TestClient, graph: Graph,
) -> None:
    make_cycle(client, "p1", "person")
    make_cycle(client, "t1", "team")
    make_cycle(client, "o1", "organisation")
    ok(client.put("/cycles/p1/feeds-into/t1"))
    ok(client.put("/cycles/t1/feeds-into/o1"))
    make_actor(client, "ana")
    ok(client.put("/cycles/t1/participants/ana", json={"role": "practitioner"}))
    make_experiment(client, "t1", "x1")
    make_evidence(client, "x1", "e1")
    before = ok(client.get("/cycles/t1"))

    deleted = ok(client.delete("/cycles/t1", params={"detach": "true"}))
    assert deleted["deleted"]["Experiment"] == 1
    trash = ok(client.get("/trash"))
    entry = trash["items"][0]
    assert (entry["kind"], entry["entity"]) == ("cycle", "t1")
    assert entry["deleted"] == {"CycleElement": 5, "Evidence": 1, "Experiment": 1, "LearningCycle": 1}
    assert entry["expires_at"] > entry["at"]

    ok(client.delete("/cycles/o1"))  # an end of one of its links goes meanwhile
    restored = ok(client.post(f"/trash/{entry['id']}/restore"))
    assert restored["restored"] == {"kind": "cycle", "id": "t1"} and restored["nodes_restored"] == 8
    assert restored["not_restored"]["relationships"] == [
        {"type": "FEEDS_INTO", "start": "t1", "end": "o1", "reason": "an end no longer exists"}]
    again = ok(client.get("/cycles/t1"))
    assert again["fed_by"] == ["p1"] and again["feeds_into"] == []
    assert again["participants"] == before["participants"]
    assert [e["id"] for e in again["elements"]] == [e["id"] for e in before["elements"]]
    assert ok(client.get("/experiments/x1"))["evidence_count"] == 1
    assert again["version"] == before["version"] + 1
    assert ok(client.get("/trash"))["items"][0]["entity"] == "o1"  # t1's entry is gone
    refused(client.post(f"/trash/{entry['id']}/restore"), 404, "not_found")


def test_undo_ones_own_last_change(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c1", "person", purpose="kept")
    ok(client.patch("/cycles/c1", json={"purpose": "typo"}))
    assert ok(client.post("/undo"))["undone"][0]["op"] == "update"
    assert ok(client.get("/cycles/c1"))["purpose"] == "kept"
    # the next undo takes the change before (the creation): the cycle goes to the trash
    assert ok(client.post("/undo"))["undone"][0]["op"] == "create"
    refused(client.get("/cycles/c1"), 404, "not_found")
    make_cycle(client, "c2", "person")
    ok(client.delete("/cycles/c2"))
    world = snapshot(graph)
    assert ok(client.post("/undo"))["undone"][0]["op"] == "delete"
    assert ok(client.get("/cycles/c2"))["elements"]
    assert snapshot(graph) != world
    ok(client.put("/cycles/c2/participants/" + make_actor(client, "bo")["id"], json={"role": "practitioner"}))
    assert ok(client.post("/undo"))["undone"][0]["op"] == "link"  # a new participant: removed again
    assert "bo" not in {p["actor_id"] for p in ok(client.get("/cycles/c2"))["participants"]}


def test_history_of_restricted_evidence_is_redacted(client: TestClient) -> None:
    make_cycle(client, "c1", "person")
    make_cycle(client, "c2", "person")
    make_experiment(client, "c1", "x1")
    make_evidence(client, "x1", "e1", sensitivity="personal", text="Mrs B. lost her job")
    anonymous = {"Authorization": ""}  # the test client is an admin, who reads everything
    hidden = ok(client.get("/evidence/e1/history", headers=anonymous))["items"][0]["after"]
    assert hidden["text"] is None and hidden["restricted"] is True
    other = ok(client.get("/history", params={"entity": "e1", "viewer_cycle": "c2"}))["items"][0]["after"]
    assert other["text"] is None
    shown = ok(client.get("/evidence/e1/history", params={"viewer_cycle": "c1"}))["items"][0]["after"]
    assert shown["text"] == "Mrs B. lost her job" and shown["restricted"] is False
    assert "Mrs B." not in json.dumps(ok(client.get("/history", headers=anonymous)))


def test_only_an_admin_takes_a_backup(client: TestClient, graph: Graph) -> None:
    make_cycle(client, "c1", "person")
    answer = client.get("/backup")
    assert answer.status_code == 200
    lines = [json.loads(line) for line in answer.text.splitlines()]
    assert lines[0]["format"] and any("Change" in line.get("node", {}).get("labels", []) for line in lines)
    with acting(Caller(actor_id="ana", role="viewer", via="key")), pytest.raises(AppError) as refusal:
        get_backup(graph)
    assert refusal.value.status == 403

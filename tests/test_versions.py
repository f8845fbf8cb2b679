"""Versions, ETag and If-Match (issue 14): every entity says its version; a stale If-Match is refused
(412, naming the current version) and changes nothing; a service may require If-Match (428)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.core.db import Graph
from graph.core.settings import Settings
from tests.auth_support import ADMIN_HEADERS
from tests.learning_support import make_cycle, make_experiment, ok, refused, unchanged


def test_a_cycle_counts_its_versions_and_answers_an_etag(client: TestClient, graph: Graph) -> None:
    created = make_cycle(client, "c1", "person", purpose="start")
    assert created["version"] == 1 and created["updated_by"] == "local" and created["updated_at"]
    got = client.get("/cycles/c1")
    assert got.headers["etag"] == '"1"'
    changed = ok(client.patch("/cycles/c1", json={"purpose": "second"}, headers={"If-Match": '"1"'}))
    assert changed["version"] == 2
    assert client.get("/cycles/c1").headers["etag"] == '"2"'
    assert ok(client.get("/cycles"))["items"][0]["version"] == 2  # lists report versions
    with unchanged(graph):
        body = refused(client.patch("/cycles/c1", json={"purpose": "stale"}, headers={"If-Match": '"1"'}),
                       412, "version_mismatch", kind="cycle", id="c1", current_version=2)
        assert "version 2" in body["message"]
        refused(client.delete("/cycles/c1", headers={"If-Match": "1"}), 412, "version_mismatch")
    # an empty change is no change: no new version
    assert ok(client.patch("/cycles/c1", json={}))["version"] == 2
    # a relationship change bumps the version of the entity in the path
    make_cycle(client, "t1", "team")
    assert ok(client.put("/cycles/c1/feeds-into/t1", headers={"If-Match": '"2"'}))["version"] == 3
    with unchanged(graph):  # idempotent: nothing changes, not even the version
        assert ok(client.put("/cycles/c1/feeds-into/t1"))["version"] == 3
    assert ok(client.patch("/cycles/c1", json={"purpose": "any"}, headers={"If-Match": "*"}))["version"] == 4
    assert ok(client.delete("/cycles/c1", headers={"If-Match": 'W/"4"'}))["deleted"]["LearningCycle"] == 1


def test_experiments_elements_and_outcome_systems_are_versioned(client: TestClient) -> None:
    make_cycle(client, "c1", "person")
    make_experiment(client, "c1", "x1")
    assert client.get("/experiments/x1").headers["etag"] == '"1"'
    ok(client.patch("/experiments/x1", json={"outcome": "better"}, headers={"If-Match": '"1"'}))
    refused(client.patch("/experiments/x1", json={"outcome": "worse"}, headers={"If-Match": '"1"'}),
            412, "version_mismatch", current_version=2)
    element = ok(client.patch("/cycles/c1/elements/co_design", json={"notes": "n"}))
    assert element["version"] == 2 and element["updated_by"] == "local"

    ok(client.post("/systems", json={"id": "s", "name": "S", "outcome": "o"}), 201)
    assert client.get("/systems/s").headers["etag"] == '"1"'
    ok(client.post("/systems/s/factors", json={"id": "a", "name": "A"}), 201)
    ok(client.post("/systems/s/factors", json={"id": "b", "name": "B"}), 201)
    assert client.get("/systems/s/factors/a").headers["etag"] == '"1"'
    assert ok(client.patch("/systems/s/factors/a", json={"description": "d"},
                           headers={"If-Match": '"1"'}))["version"] == 2
    refused(client.patch("/systems/s/factors/a", json={"description": "e"}, headers={"If-Match": '"1"'}),
            412, "version_mismatch", kind="factor", current_version=2)
    factor = ok(client.get("/systems/s/factors/a"))
    assert "version" not in factor["properties"] and "name_key" not in factor["properties"]
    ok(client.post("/systems/s/links", json={"source": "a", "target": "b", "polarity": 1}), 201)
    link = ok(client.patch("/systems/s/links/a/b", json={"strength": 0.5}, headers={"If-Match": '"1"'}))
    assert link["version"] == 2 and "version" not in link["properties"]
    refused(client.delete("/systems/s/links/a/b", headers={"If-Match": '"1"'}), 412, "version_mismatch")
    assert ok(client.get("/systems/s/factors"))["items"][0]["version"] == 2


@pytest.fixture
def strict_client(neo4j_settings: Settings, clean_graph: Graph) -> Iterator[TestClient]:
    strict = create_app(neo4j_settings.model_copy(update={"hls_require_if_match": True}))
    with TestClient(strict, headers=ADMIN_HEADERS) as c:
        yield c


def test_a_big_entity_answered_gzipped_still_carries_its_etag(client: TestClient) -> None:
    """The ETag is read from the plain answer, before compression (a 40 KB cycle is gzipped)."""
    make_cycle(client, "big", "person", purpose="p" * 20_000)
    ok(client.patch("/cycles/big", json={"purpose": "q" * 20_000}))
    got = client.get("/cycles/big", headers={"Accept-Encoding": "gzip"})
    assert got.headers["content-encoding"] == "gzip" and got.headers["etag"] == '"2"'


def test_a_service_may_require_if_match(strict_client: TestClient, graph: Graph) -> None:
    make_cycle(strict_client, "c1", "person")  # creating needs no If-Match
    with unchanged(graph):
        refused(strict_client.patch("/cycles/c1", json={"name": "N"}), 428, "if_match_required")
        refused(strict_client.delete("/cycles/c1"), 428, "if_match_required")
    changed = ok(strict_client.patch("/cycles/c1", json={"name": "N"}, headers={"If-Match": '"1"'}))
    assert changed["version"] == 2


def test_the_contract_declares_if_match_and_its_refusals(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    patch = spec["paths"]["/cycles/{cycle_id}"]["patch"]
    assert any(p["name"] == "if-match" and p["in"] == "header" for p in patch["parameters"])
    assert {"412", "428"} <= set(patch["responses"])
    get = spec["paths"]["/cycles/{cycle_id}"]["get"]
    assert not any(p["name"] == "if-match" for p in get.get("parameters", []))


def test_if_none_match_with_the_current_etag_answers_304_without_a_body(client: TestClient) -> None:
    """A conditional GET: the current ETag → 304 and no body; a stale one → the full answer."""
    make_cycle(client, "c1", "person")
    tag = client.get("/cycles/c1").headers["etag"]
    same = client.get("/cycles/c1", headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
    assert client.get("/cycles/c1", headers={"If-None-Match": f'W/"9", {tag}'}).status_code == 304
    ok(client.patch("/cycles/c1", json={"name": "N"}))
    fresh = client.get("/cycles/c1", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.json()["name"] == "N" and fresh.headers["etag"] == '"2"'
    assert client.get("/cycles", headers={"If-None-Match": "*"}).status_code == 200  # lists: no ETag


def test_if_none_match_answers_304_through_gzip(client: TestClient) -> None:
    """A big (gzipped) entity answer honours If-None-Match too: 304, empty, still with its ETag."""
    make_cycle(client, "big", "person", purpose="p" * 20_000)
    headers = {"Accept-Encoding": "gzip"}
    tag = client.get("/cycles/big", headers=headers).headers["etag"]
    same = client.get("/cycles/big", headers={**headers, "If-None-Match": tag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
    assert "content-encoding" not in same.headers

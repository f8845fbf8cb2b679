"""Issue 13, share links: a signed URL opens exactly one map, read-only, as its creator; it stops
when revoked, when expired, and when the creator's key no longer holds; owners and admins list and
revoke them; viewers and anonymous callers make none."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.sessions import signing_secret
from graph.learning import keys, shares
from tests.auth_support import build_stack, key_for, ok

MAP = "/maps/systems/sys"


@pytest.fixture
def stack(client: TestClient) -> TestClient:
    build_stack(client)
    return client


@pytest.fixture
def stranger(api: FastAPI, stack: TestClient, session_client: TestClient) -> Iterator[TestClient]:
    """A browser on another site's page: no key, no cookie (what an iframe's request carries).
    Not entered (``with``): the app's lifespan, and its Neo4j driver, belong to ``session_client``."""
    yield TestClient(api, follow_redirects=False)


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_a_share_link_opens_exactly_one_map_and_nothing_else(stack: TestClient, stranger: TestClient) -> None:
    made = ok(stack.post("/shares", json={"path": MAP}), 201)
    assert made["path"] == MAP and made["url"].startswith(f"http://testserver{MAP}?share=")
    assert made["expires_at"] > made["created_at"] and "token" not in made and "token_hash" not in made
    link = local(made["url"])
    token = link.split("share=", 1)[1]
    page = stranger.get(link)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "x-frame-options" not in page.headers  # embeddable in any page
    assert "frame-ancestors" not in page.headers["content-security-policy"]
    for path in ("/maps/cycles/lower/stack", "/systems/sys", "/cycles"):
        other = stranger.get(path, params={"share": token}, headers={"Accept": "application/json"})
        assert other.status_code == 403 and other.json()["error"] == "share_scope", (path, other.text)
    for page_path in ("/", "/explore/systems/sys"):  # the explorer's pages answer people in HTML
        other = stranger.get(page_path, params={"share": token})
        assert other.status_code == 403 and f"opens only GET {MAP}" in other.text, page_path
    write = stranger.patch("/systems/sys", params={"share": token}, json={"name": "X"})
    assert write.status_code == 403 and write.json()["error"] == "share_scope"
    same_path_write = stranger.post(MAP, params={"share": token})
    assert same_path_write.status_code in (403, 405)
    assert stack.get("/systems/sys").json()["name"] == "System"
    tampered = stranger.get(MAP, params={"share": token[:-2] + "xx"}, headers={"Accept": "application/json"})
    assert tampered.status_code == 401 and tampered.json()["error"] == "unknown_share"


def test_a_revoked_share_stops_working(stack: TestClient, stranger: TestClient) -> None:
    made = ok(stack.post("/shares", json={"path": MAP, "expires": "2d"}), 201)
    assert stranger.get(local(made["url"])).status_code == 200
    revoked = ok(stack.delete(f"/shares/{made['id']}"))
    assert revoked["revoked_at"]
    answer = stranger.get(local(made["url"]), headers={"Accept": "application/json"})
    assert answer.status_code == 403 and answer.json()["error"] == "share_revoked"
    page = stranger.get(local(made["url"]), headers={"Accept": "text/html"})
    assert page.status_code == 403 and "text/html" in page.headers["content-type"] and "/login" in page.text


def test_an_expired_share_stops_working(
    stack: TestClient, stranger: TestClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = ok(stack.post("/shares", json={"path": MAP, "expires": "1h"}), 201)
    assert stranger.get(local(made["url"])).status_code == 200
    monkeypatch.setattr(shares, "timestamp", lambda: "2999-01-01T00:00:00Z")  # a day long after
    answer = stranger.get(local(made["url"]), headers={"Accept": "application/json"})
    assert answer.status_code == 403 and answer.json()["error"] == "share_expired"


def test_a_share_reads_as_its_creator_and_ends_with_the_creators_key(
    stack: TestClient, stranger: TestClient,
) -> None:
    graph = stack.app.state.graph
    ann = key_for(graph, "ann", "contributor", cycles=("lower",))
    made = ok(stack.post("/shares", headers=ann, json={"path": "/maps/cycles/lower/stack"}), 201)
    assert made["created_by"] == "ann" and made["role"] == "contributor"
    token = made["url"].split("share=", 1)[1]
    caller = shares.caller_for_share(graph, signing_secret(stack.app), token, made["path"], "GET")
    assert (caller.actor_id, caller.role, caller.via) == ("ann", "contributor", "share")
    assert stranger.get(local(made["url"])).status_code == 200
    [key] = [k for k in keys.list_keys(graph) if k["actor_id"] == "ann"]
    keys.revoke_key(graph, key["id"])
    answer = stranger.get(local(made["url"]), headers={"Accept": "application/json"})
    assert answer.status_code == 401 and answer.json()["error"] == "key_revoked"


def test_owners_and_admins_list_and_revoke_others_may_not(stack: TestClient) -> None:
    graph = stack.app.state.graph
    ann = key_for(graph, "ann", "contributor", cycles=("lower",))
    bob = key_for(graph, "bob", "contributor", cycles=("lower",))
    mine = ok(stack.post("/shares", headers=ann, json={"path": MAP}), 201)
    admins = ok(stack.post("/shares", json={"path": "/maps/cycles/upper/stack"}), 201)
    assert [s["id"] for s in ok(stack.get("/shares", headers=ann))] == [mine["id"]]
    assert ok(stack.get("/shares", headers=bob)) == []
    assert {mine["id"], admins["id"]} <= {s["id"] for s in ok(stack.get("/shares"))}
    refused = stack.delete(f"/shares/{mine['id']}", headers=bob)
    assert refused.status_code == 403 and "not yours" in refused.json()["message"]
    assert ok(stack.delete(f"/shares/{mine['id']}", headers=ann))["revoked_at"]
    assert stack.delete("/shares/share-nothing").status_code == 404
    assert ok(stack.delete(f"/shares/{admins['id']}"))["revoked_at"]


def test_viewers_and_anonymous_callers_make_no_shares(stack: TestClient) -> None:
    viewer = key_for(stack.app.state.graph, "vera", "viewer", cycles=("lower",))
    as_viewer = stack.post("/shares", headers=viewer, json={"path": MAP})
    assert as_viewer.status_code == 403 and "role viewer lacks" in as_viewer.json()["message"]
    anonymous = stack.post("/shares", headers={"Authorization": ""}, json={"path": MAP})
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "no_key"
    assert stack.get("/shares", headers={"Authorization": ""}).status_code == 401
    assert ok(stack.get("/shares")) == []


@pytest.mark.parametrize("body, rule", [
    ({"path": "/explore/systems/sys"}, "share_path"),
    ({"path": "/systems/sys"}, "share_path"),
    ({"path": f"{MAP}?layout=force"}, "share_path"),
    ({"path": "/maps/nowhere/at/all"}, "share_path"),
    ({"path": MAP, "expires": "365d"}, "share_expiry"),
    ({"path": MAP, "expires": "2001-01-01"}, "share_expiry"),
    ({"path": MAP, "expires": "soon"}, "key_expiry"),
    ({"path": MAP, "expires": "9" * 30 + "d"}, "share_expiry"),
])
def test_what_cannot_be_shared_is_named(stack: TestClient, body: dict[str, str], rule: str) -> None:
    answer = stack.post("/shares", json=body)
    assert answer.status_code == 422 and answer.json()["rule"] == rule, answer.text
    assert ok(stack.get("/shares")) == []


def test_share_expiry_defaults_to_a_week_and_accepts_iso_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert shares.share_expiry(None, now) == "2030-01-08T00:00:00Z"
    assert shares.share_expiry("2030-02-01", now) == "2030-02-01T00:00:00Z"
    assert shares.share_expiry("90d", now) == "2030-04-01T00:00:00Z"

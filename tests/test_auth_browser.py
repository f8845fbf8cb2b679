"""Issue 13, browser sessions: logging in with a key or the printed one-time link sets a signed,
HttpOnly, SameSite=Lax cookie; cookie-authenticated writes pass a CSRF check (own Origin/Referer and
the session's token), key-authenticated ones are exempt; the session ends with its key; CORS stays
closed unless configured."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.sessions import COOKIE, signing_secret
from graph.cli.serve import _announce_local_key
from graph.core.db import Graph
from graph.core.settings import Settings
from graph.learning import keys
from graph.learning.signing import secret_file
from tests.auth_support import ADMIN_HEADERS, ADMIN_SECRET, IMPORT, key_for, ok

OWN = "http://testserver"
EVIL = "http://evil.example"


@pytest.fixture
def browser(api: FastAPI, session_client: TestClient, clean_graph: Graph) -> Iterator[TestClient]:
    """A client like a browser: no key of its own, keeps cookies, follows no redirects. Not entered
    (``with``): the app's lifespan, and its Neo4j driver, belong to ``session_client``."""
    yield TestClient(api, follow_redirects=False)


def log_in(browser: TestClient, secret: str = ADMIN_SECRET) -> str:
    """Log in with ``secret``; the CSRF token the explorer's page carries for this session."""
    answer = browser.post("/login", data={"key": secret}, headers={"Origin": OWN})
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    page = browser.get("/")
    assert page.status_code == 200
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)[1]


def cookie_header(answer: object) -> str:
    [value] = [v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE)]
    return value


def test_login_with_a_key_sets_an_httponly_samesite_lax_cookie_without_the_key(browser: TestClient) -> None:
    answer = browser.post("/login", data={"key": ADMIN_SECRET}, headers={"Origin": OWN})
    assert answer.status_code == 303
    cookie = cookie_header(answer)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here; https sets it (next test)
    assert ADMIN_SECRET not in cookie and ADMIN_SECRET[4:20] not in cookie
    home = browser.get("/")
    assert "Signed in as" in home.text and 'action="/logout"' in home.text
    assert browser.get("/cycles").status_code == 200


def test_the_cookie_is_secure_over_https(
    api: FastAPI, session_client: TestClient, clean_graph: Graph,
) -> None:
    client = TestClient(api, base_url="https://testserver", follow_redirects=False)
    answer = client.post("/login", data={"key": ADMIN_SECRET}, headers={"Origin": "https://testserver"})
    assert answer.status_code == 303 and "Secure" in cookie_header(answer)


def test_a_wrong_key_or_a_foreign_login_form_is_refused(browser: TestClient) -> None:
    wrong = browser.post("/login", data={"key": "hls_nothing"}, headers={"Origin": OWN})
    assert wrong.status_code == 401 and "not known" in wrong.text and COOKIE not in wrong.headers.get(
        "set-cookie", "")
    foreign = browser.post("/login", data={"key": ADMIN_SECRET}, headers={"Origin": EVIL})
    assert foreign.status_code == 403 and "cross-site" in foreign.text
    assert COOKIE not in browser.cookies


def test_the_printed_login_link_logs_in_once(
    browser: TestClient, clean_graph: Graph, neo4j_settings: Settings, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], api: FastAPI,
) -> None:
    settings = neo4j_settings.model_copy(update={"hls_data_dir": tmp_path, "hls_secret_key":
                                                 signing_secret(api)})
    _announce_local_key(settings)
    printed = capsys.readouterr().out
    [link] = re.findall(r"http://\S+/login\?token=\S+", printed)
    secret = (tmp_path / "admin-key").read_text().strip()
    assert secret not in printed  # the link is not the admin key
    first = browser.get(link.split(str(settings.hls_api_port), 1)[1])
    assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the URL
    cookie = cookie_header(first)
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "local-admin" in browser.get("/").text
    browser.cookies.clear()
    again = browser.get(link.split(str(settings.hls_api_port), 1)[1], headers={"Accept": "text/html"})
    assert again.status_code == 401 and "used already" in again.text and 'href="/login"' in again.text
    forged = browser.get("/login?token=abc.def.ghi", headers={"Accept": "application/json"})
    assert forged.status_code == 401 and COOKIE not in browser.cookies


def test_cookie_writes_need_the_own_origin_and_the_session_token(browser: TestClient) -> None:
    token = log_in(browser)
    body = {"id": "a1", "name": "A", "kind": "person"}
    cross = browser.post("/actors", json=body, headers={"Origin": EVIL, "X-CSRF-Token": token})
    assert cross.status_code == 403 and cross.json()["error"] == "csrf_origin", cross.text
    no_token = browser.post("/actors", json=body, headers={"Origin": OWN})
    assert no_token.status_code == 403 and no_token.json()["error"] == "csrf_token"
    wrong_token = browser.post("/actors", json=body, headers={"Origin": OWN, "X-CSRF-Token": token + "x"})
    assert wrong_token.status_code == 403 and wrong_token.json()["error"] == "csrf_token"
    nowhere = browser.post("/actors", json=body, headers={"X-CSRF-Token": token})
    assert nowhere.status_code == 403 and nowhere.json()["error"] == "csrf_origin"
    assert browser.get("/actors/a1").status_code == 404  # nothing was written
    ok(browser.post("/actors", json=body, headers={"Origin": OWN, "X-CSRF-Token": token}), 201)
    by_referer = browser.patch("/actors/a1", json={"name": "B"},
                               headers={"Referer": f"{OWN}/explore/cycles/x", "X-CSRF-Token": token})
    assert by_referer.status_code == 200, by_referer.text
    bad_referer = browser.delete("/actors/a1", headers={"Referer": f"{EVIL}/", "X-CSRF-Token": token})
    assert bad_referer.status_code == 403 and bad_referer.json()["error"] == "csrf_origin"


def test_a_cross_origin_multipart_import_with_the_cookie_is_refused(browser: TestClient) -> None:
    token = log_in(browser)
    answer = browser.post("/systems/import", params={"format": "json"},
                          headers={"Origin": EVIL, "X-CSRF-Token": token},
                          files=[("files", ("s.json", IMPORT.encode()))])
    assert answer.status_code == 403 and answer.json()["error"] == "csrf_origin"
    assert browser.get("/systems/imported").status_code == 404


def test_key_authenticated_writes_are_exempt_from_csrf(browser: TestClient) -> None:
    log_in(browser)  # even with a session cookie along: the key decides
    answer = browser.post("/actors", json={"id": "k1", "name": "K", "kind": "person"},
                          headers={**ADMIN_HEADERS, "Origin": EVIL})
    assert answer.status_code == 201, answer.text


def test_the_session_ends_when_its_key_is_revoked(browser: TestClient, clean_graph: Graph) -> None:
    headers = key_for(clean_graph, "ann", "contributor")
    [made] = [k for k in keys.list_keys(clean_graph) if k["actor_id"] == "ann"]
    log_in(browser, headers["Authorization"].removeprefix("Bearer "))
    assert browser.get("/cycles").status_code == 200
    keys.revoke_key(clean_graph, made["id"])
    answer = browser.get("/cycles")
    assert answer.status_code == 401 and answer.json()["error"] == "key_revoked"
    page = browser.get("/")
    assert page.status_code == 401 and "text/html" in page.headers["content-type"]
    assert 'href="/login"' in page.text


def test_logout_needs_the_token_and_ends_the_session(browser: TestClient) -> None:
    token = log_in(browser)
    refused = browser.post("/logout", headers={"Origin": OWN})
    assert refused.status_code == 403 and "csrf" in refused.text
    answer = browser.post("/logout", data={"csrf_token": token}, headers={"Origin": OWN})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert COOKIE not in browser.cookies
    assert "Signed in as" not in browser.get("/").text
    assert browser.post("/actors", json={"id": "z", "name": "Z", "kind": "person"},
                        headers={"Origin": OWN}).status_code == 401


def test_a_forged_or_foreign_cookie_is_no_session(browser: TestClient) -> None:
    browser.cookies.set(COOKIE, "eyJrIjoia2V5LXgiLCJjIjoieCJ9.forged.sig")
    home = browser.get("/")
    assert home.status_code == 200 and "Signed in as" not in home.text


def test_the_signing_secret_is_kept_0600_and_shared_by_every_worker(
    neo4j_settings: Settings, tmp_path: Path, clean_graph: Graph,
) -> None:
    settings = neo4j_settings.model_copy(update={"hls_data_dir": tmp_path, "hls_secret_key": ""})
    one, two = create_app(settings), create_app(settings)
    assert not secret_file(settings).exists()  # made on first use, not by every app built
    assert signing_secret(one) == signing_secret(two)
    assert stat.S_IMODE(secret_file(settings).stat().st_mode) == 0o600
    with TestClient(one, follow_redirects=False) as first, TestClient(two) as second:
        first.post("/login", data={"key": ADMIN_SECRET}, headers={"Origin": OWN})
        second.cookies.set(COOKIE, first.cookies[COOKIE])
        assert "Signed in as" in second.get("/").text  # a cookie of one worker holds in another
    configured = create_app(settings.model_copy(update={"hls_secret_key": "from-the-environment"}))
    assert signing_secret(configured) == "from-the-environment"


def test_cors_is_closed_by_default_and_open_to_configured_origins(
    session_client: TestClient, neo4j_settings: Settings, clean_graph: Graph,
) -> None:
    preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization"}
    closed = session_client.get("/cycles", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in closed.headers
    assert "access-control-allow-origin" not in session_client.options("/cycles", headers=preflight).headers
    app = create_app(neo4j_settings.model_copy(update={"hls_cors_origins": ["https://app.example"]}))
    with TestClient(app, headers=ADMIN_HEADERS) as client:
        opened = client.get("/cycles", headers={"Origin": "https://app.example"})
        assert opened.headers["access-control-allow-origin"] == "https://app.example"
        allowed = client.options("/cycles", headers=preflight)
        assert allowed.status_code == 200 and "POST" in allowed.headers["access-control-allow-methods"]
        other = client.get("/cycles", headers={"Origin": EVIL})
        assert "access-control-allow-origin" not in other.headers


def test_with_anonymous_none_the_login_page_and_its_assets_stay_open(
    neo4j_settings: Settings, clean_graph: Graph,
) -> None:
    app = create_app(neo4j_settings.model_copy(update={"hls_anonymous": "none"}))
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/login").status_code == 200
        assert client.get("/explore/assets/explorer.css").status_code == 200
        home = client.get("/")
        assert home.status_code == 401 and 'href="/login"' in home.text
        assert client.get("/cycles").json()["error"] == "no_key"
        log_in(client)
        assert client.get("/cycles").status_code == 200

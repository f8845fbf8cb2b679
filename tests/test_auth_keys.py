"""Issue 13, identities and keys: who calls is resolved per request; anonymous and viewer callers
write nothing (every write route of the contract, walked); contributors write within their cycles,
stewards also below them, admins everywhere; a key that does not hold answers 401 naming why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.main import create_app
from graph.core.acting import Caller, acting
from graph.core.db import Graph
from graph.core.errors import Forbidden
from graph.core.settings import Settings, get_settings
from graph.learning import cycles, keys
from tests.auth_support import NEEDS_STATE, build_stack, key_for, ok, send, write_operations
from tests.learning_support import unchanged


@pytest.fixture
def stack(client: TestClient) -> TestClient:
    build_stack(client)
    return client


def test_anonymous_and_viewer_writes_are_refused_on_every_write_route(stack: TestClient) -> None:
    graph = stack.app.state.graph
    viewer = key_for(graph, "vera", "viewer", cycles=("lower", "upper"))
    operations = write_operations(stack)
    assert len(operations) > 60  # the whole contract, not a sample
    succeeded = []
    with unchanged(graph):
        for method, template, path in operations:
            anonymous = send(stack, method, template, path, {"Authorization": ""})
            assert anonymous.status_code == 401, (method, path, anonymous.text)
            assert anonymous.json()["error"] == "no_key" and anonymous.headers["WWW-Authenticate"] == "Bearer"
            as_viewer = send(stack, method, template, path, viewer)
            assert as_viewer.status_code == 403, (method, path, as_viewer.text)
            assert "role viewer lacks" in as_viewer.json()["message"]
            succeeded += [r for r in (anonymous, as_viewer) if r.status_code < 400]
    assert succeeded == []


def test_the_bodies_the_walk_sends_are_accepted_by_an_admin(stack: TestClient) -> None:
    """The refusals above are the role's, not a bad body's: the admin's same requests fit the
    schema (most succeed; a few meet a domain rule the earlier writes of the walk changed)."""
    answers = {}
    for method, template, path in write_operations(stack):
        if method != "delete":
            answers[(method, path)] = send(stack, method, template, path, {})
    assert not [key for key, r in answers.items() if r.status_code == 422 and
                r.json()["error"] == "invalid_request"]
    stateful = sum(template in NEEDS_STATE for method, template, _ in write_operations(stack)
                   if method != "delete")
    assert sum(r.status_code < 300 for r in answers.values()) >= len(answers) - 2 - stateful


def test_a_contributor_writes_only_within_its_own_cycles(stack: TestClient) -> None:
    graph = stack.app.state.graph
    ann = key_for(graph, "ann", "contributor", cycles=("lower",))
    ok(stack.post("/cycles/lower/experiments", headers=ann,
                  json={"id": "x-ann", "kind": "system_probe", "question": "q?"}), 201)
    ok(stack.patch("/evidence/ev-lower", headers=ann, json={"text": "edited by ann"}))
    refused = stack.post("/cycles/upper/experiments", headers=ann,
                         json={"id": "x-no", "kind": "system_probe", "question": "q?"})
    assert refused.status_code == 403
    assert refused.json()["message"].startswith("role contributor lacks write on cycle upper")
    assert stack.patch("/evidence/ev-upper", headers=ann, json={"text": "x"}).status_code == 403
    assert stack.put("/cycles/upper/participants/ann", headers=ann,
                     json={"role": "practitioner"}).status_code == 403  # no joining by oneself
    # Deleting with detach, scales and outcome-system deletes are an admin's.
    assert stack.delete("/cycles/lower?detach=true", headers=ann).status_code == 403
    assert stack.post("/scales", headers=ann, json={"name": "Street", "level": 9}).status_code == 403
    assert stack.delete("/systems/sys", headers=ann).status_code == 403
    ok(stack.patch("/systems/sys", headers=ann, json={"name": "Edited"}))


def test_a_new_cycle_takes_its_creator_in_so_the_caller_reaches_the_route(stack: TestClient) -> None:
    """The caller set by the async dependency is the one the (sync) route's thread acts as."""
    graph = stack.app.state.graph
    ann = key_for(graph, "ann", "contributor")
    made = ok(stack.post("/cycles", headers=ann, json={"id": "anns", "name": "Ann's", "scale": "team"}), 201)
    assert made["participants"] == [{"actor_id": "ann", "role": "practitioner"}]
    ok(stack.patch("/cycles/anns", headers=ann, json={"purpose": "hers"}))


def test_a_steward_writes_in_the_cycles_below_its_own(stack: TestClient) -> None:
    graph = stack.app.state.graph
    sam = key_for(graph, "sam", "steward", cycles=("upper",))
    ok(stack.patch("/experiments/x-lower", headers=sam, json={"question": "steered?"}))
    assert stack.patch("/cycles/peer", headers=sam, json={"name": "x"}).status_code == 403
    con = key_for(graph, "con", "contributor", cycles=("upper",))
    assert stack.patch("/experiments/x-lower", headers=con, json={"question": "x"}).status_code == 403


def test_a_key_that_does_not_hold_answers_401_naming_why(stack: TestClient) -> None:
    graph = stack.app.state.graph
    expired = key_for(graph, "old", "admin", expires="2001-01-01")
    answer = stack.get("/cycles", headers=expired)
    assert (answer.status_code, answer.json()["error"]) == (401, "key_expired")
    unknown = stack.get("/cycles", headers={"Authorization": "Bearer hls_not-a-key"})
    assert (unknown.status_code, unknown.json()["error"]) == (401, "unknown_key")
    headers = key_for(graph, "gone", "viewer")
    key_id = next(k["id"] for k in keys.list_keys(graph) if k["actor_id"] == "gone")
    ok(stack.get("/cycles", headers=headers))
    keys.revoke_key(graph, key_id)
    revoked = stack.get("/cycles", headers=headers)
    assert (revoked.status_code, revoked.json()["error"]) == (401, "key_revoked")
    assert key_id in revoked.json()["message"]


def test_keys_are_an_admins_and_never_show_their_hash(clean_graph: Graph) -> None:
    with acting(Caller("ann", "steward", "key")), pytest.raises(Forbidden, match="lacks create keys"):
        keys.create_key(clean_graph, None, "admin")
    listed = keys.list_keys(clean_graph)
    assert listed and all("hash" not in key for key in listed)


def test_anonymous_none_refuses_every_keyless_request_but_health(
    neo4j_settings: Settings, clean_graph: Graph,
) -> None:
    closed = neo4j_settings.model_copy(update={"hls_anonymous": "none"})
    with TestClient(create_app(closed)) as c:
        refused = c.get("/cycles")
        assert (refused.status_code, refused.json()["error"]) == (401, "no_key")
        assert c.get("/health").status_code == 200
        assert "text/html" in c.get("/", headers={"Accept": "text/html"}).headers["content-type"]
    with TestClient(create_app(neo4j_settings)) as c:  # the default: public
        assert c.get("/cycles").status_code == 200


def test_the_contract_declares_the_key_scheme_and_401_403_on_every_route(session_client: TestClient) -> None:
    spec = session_client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    for path, operations in spec["paths"].items():
        if path == "/health":
            continue
        for method, operation in operations.items():
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
            assert operation.get("security") == [{"ApiKey": []}], (method, path)


def test_domain_calls_act_as_the_local_admin_and_a_role_binds_them(clean_graph: Graph) -> None:
    cycles.create_cycle(clean_graph, {"id": "c", "name": "C", "scale": "team"})  # LOCAL: admin
    with acting(Caller("nobody", "contributor", "key")), pytest.raises(Forbidden, match="write on cycle c"):
        cycles.update_cycle(clean_graph, "c", {"name": "x"})


@pytest.fixture
def cli(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.bolt_uri)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_the_cli_creates_lists_and_revokes_keys(cli: CliRunner, client: TestClient) -> None:
    from graph.cli.main import app

    ok(client.post("/actors", json={"id": "ann", "name": "Ann", "kind": "person"}), 201)
    made = cli.invoke(app, ["keys", "create", "--actor", "ann", "--role", "viewer", "--expires", "30d",
                            "--name", "dashboard"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.splitlines()[0]
    assert secret.startswith("hls_")
    assert ok(client.get("/cycles", headers={"Authorization": f"Bearer {secret}"}))["total"] == 0
    listed = cli.invoke(app, ["keys", "list"])
    line = next(row for row in listed.stdout.splitlines() if "\tann\t" in row)
    assert "viewer" in line and "dashboard" in line and secret not in listed.stdout
    assert line.endswith(secret[-4:])
    done = cli.invoke(app, ["keys", "revoke", line.split("\t")[0]])
    assert done.exit_code == 0, done.output
    assert client.get("/cycles", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    bad = cli.invoke(app, ["keys", "create", "--actor", "ann", "--role", "boss"])
    assert bad.exit_code == 1 and "boss" in bad.output


def test_a_route_outside_the_caller_dependency_acts_as_anonymous(neo4j_settings: Settings) -> None:
    """The process default is the local admin (CLI, notebooks); a request must never inherit it,
    even on a route that does not resolve its caller (app.auth.AnonymousUntilKnown)."""
    from graph.core.acting import current

    app = create_app(neo4j_settings)
    app.add_api_route("/whoami-probe", lambda: {"role": current().role, "via": current().via},
                      include_in_schema=False)
    with TestClient(app) as probe:
        assert probe.get("/whoami-probe").json() == {"role": "anonymous", "via": "anonymous"}

"""Identities for the auth tests (issue 13): keys for actors with roles, a small stack to write on,
and every write route of the OpenAPI contract with a body it accepts."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.learning import actors, keys, links
from graph.learning.store import exists

# The admin key every test client sends (created in the test database by ``admin_key``): tests act
# as an admin unless they ask for another identity (tests/auth_support.py).
ADMIN_SECRET = "hls_test-admin-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN_SECRET}"}


def admin_key(graph: Graph) -> None:
    """Make the test admin key exist (again: every wipe of the database takes it away)."""
    try:
        keys.caller_for(graph, ADMIN_SECRET)
    except Exception:  # noqa: BLE001 - unknown (wiped): create it
        keys.create_key(graph, None, "admin", name="test admin", secret=ADMIN_SECRET)



def key_for(graph: Graph, actor_id: str, role: str, *, cycles: tuple[str, ...] = (),
            expires: str | None = None) -> dict[str, str]:
    """Headers of a new key of ``role`` for ``actor_id`` (made if missing), taking part in ``cycles``."""
    if not graph.read_tx(lambda tx: exists(tx, "actor", actor_id)):
        actors.create_actor(graph, {"id": actor_id, "name": actor_id, "kind": "person"})
    for cycle_id in cycles:
        links.set_participant(graph, cycle_id, actor_id, "practitioner")
    made = keys.create_key(graph, actor_id, role, expires=expires)
    return {"Authorization": f"Bearer {made.secret}"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def build_stack(client: TestClient) -> dict[str, str]:
    """lower (team) FEEDS_INTO upper (organisation), each with an experiment, evidence, session,
    decision, condition; a pattern; an outcome system with two factors, a cluster and a link."""
    post = lambda path, body: ok(client.post(path, json=body), 201)  # noqa: E731
    post("/cycles", {"id": "upper", "name": "Upper", "scale": "organisation"})
    post("/cycles", {"id": "lower", "name": "Lower", "scale": "team"})
    post("/cycles", {"id": "peer", "name": "Peer", "scale": "team"})
    ok(client.put("/cycles/lower/feeds-into/upper"))
    post("/actors", {"id": "someone", "name": "Someone", "kind": "person"})
    for cycle in ("upper", "lower"):
        post(f"/cycles/{cycle}/experiments", {"id": f"x-{cycle}", "kind": "hypothesis_test",
                                              "question": f"does {cycle} work?"})
        post(f"/experiments/x-{cycle}/evidence", {"id": f"ev-{cycle}", "kind": "narrative",
                                                 "text": f"story of {cycle}", "sensitivity": "cycle"})
        post(f"/cycles/{cycle}/sessions", {"id": f"s-{cycle}"})
        post(f"/cycles/{cycle}/decisions", {"id": f"d-{cycle}", "kind": "adopt"})
        post(f"/cycles/{cycle}/conditions", {"id": f"k-{cycle}", "kind": "barrier",
                                             "description": f"a barrier in {cycle}"})
    post("/patterns", {"id": "pat", "statement": "calls help",
                       "derived_from": [{"evidence_id": "ev-lower", "stance": "supports"}]})
    post("/systems", {"id": "sys", "name": "System", "outcome": "Health"})
    post("/systems/sys/factors", {"id": "f1", "name": "F one"})
    post("/systems/sys/factors", {"id": "f2", "name": "F two"})
    post("/systems/sys/clusters", {"id": "cl", "name": "Cluster"})
    post("/systems/sys/links", {"source": "f1", "target": "f2", "polarity": 1})
    return {}


# Path parameters of the write routes, filled with the stack's ids ({cycle_id} is the lower cycle).
PARAMS = {
    "scale_id": "team", "cycle_id": "lower", "kind": "co_design", "upper_id": "upper", "peer_id": "peer",
    "actor_id": "someone", "system_id": "sys", "experiment_id": "x-lower", "next_id": "x-upper",
    "factor_id": "sys:f1", "evidence_id": "ev-lower", "pattern_id": "pat", "session_id": "s-lower",
    "decision_id": "d-lower", "condition_id": "k-lower", "effect": "blocks", "target_id": "x-lower",
    "fid": "f1", "cid": "cl", "source": "f1", "target": "f2", "share_id": "share-none",
    "entity_id": "lower", "trash_id": "no-such-entry",
}
# Query parameters a write route requires, and paths whose parameters differ from PARAMS.
QUERIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/history/{kind}/{entity_id}/restore"): {"version": 1},
}
PATHS = {"/history/{kind}/{entity_id}/restore": "/history/cycle/lower/restore"}
# Write routes that answer 404 even to an admin in the walk: they name state no walk can know.
NEEDS_STATE = {"/trash/{trash_id}/restore"}
# A body each write route accepts (POSTs create new things; PATCH bodies change one field).
BODIES: dict[tuple[str, str], Any] = {
    ("post", "/scales"): {"id": "new-scale", "name": "New", "level": 9},
    ("put", "/scales/order"): {"ids": ["person", "team", "organisation", "place", "region"]},
    ("patch", "/scales/{scale_id}"): {"name": "Teams"},
    ("post", "/cycles"): {"id": "new-cycle", "name": "New", "scale": "team"},
    ("patch", "/cycles/{cycle_id}"): {"name": "Renamed"},
    ("patch", "/cycles/{cycle_id}/elements/{kind}"): {"status": "active"},
    ("put", "/cycles/{cycle_id}/participants/{actor_id}"): {"role": "practitioner"},
    ("post", "/actors"): {"id": "new-actor", "name": "New", "kind": "person"},
    ("patch", "/actors/{actor_id}"): {"name": "Renamed"},
    ("post", "/cycles/{cycle_id}/experiments"): {"id": "new-x", "kind": "system_probe", "question": "q?"},
    ("patch", "/experiments/{experiment_id}"): {"question": "new?"},
    ("post", "/experiments/{experiment_id}/evidence"): {"id": "new-ev", "kind": "narrative", "text": "t",
                                                         "sensitivity": "public"},
    ("patch", "/evidence/{evidence_id}"): {"sensitivity": "public"},
    ("post", "/patterns"): {"id": "new-pat", "statement": "s"},
    ("patch", "/patterns/{pattern_id}"): {"statement": "changed"},
    ("put", "/patterns/{pattern_id}/derived-from/{evidence_id}"): {"stance": "contradicts"},
    ("post", "/cycles/{cycle_id}/sessions"): {"id": "new-s"},
    ("patch", "/sessions/{session_id}"): {"notes": "n"},
    ("post", "/cycles/{cycle_id}/decisions"): {"id": "new-d", "kind": "adapt"},
    ("patch", "/decisions/{decision_id}"): {"rationale": "r"},
    ("post", "/cycles/{cycle_id}/conditions"): {"id": "new-k", "kind": "enabler", "description": "d"},
    ("patch", "/conditions/{condition_id}"): {"description": "changed"},
    ("put", "/cycles/{cycle_id}/acts-on/{condition_id}"): {"action": "remove"},
    ("post", "/bulk"): {"cycles": [{"id": "bulk-cycle", "name": "Bulk", "scale": "team"}]},
    ("post", "/systems"): {"id": "new-sys", "name": "N", "outcome": "O"},
    ("patch", "/systems/{system_id}"): {"name": "Renamed"},
    ("post", "/systems/{system_id}/factors"): {"id": "f9", "name": "F nine"},
    ("patch", "/systems/{system_id}/factors/{fid}"): {"name": "F one!"},
    ("post", "/systems/{system_id}/clusters"): {"id": "c9", "name": "C nine"},
    ("patch", "/systems/{system_id}/clusters/{cid}"): {"name": "C!"},
    ("post", "/systems/{system_id}/links"): {"source": "f2", "target": "f1", "polarity": -1},
    ("patch", "/systems/{system_id}/links/{source}/{target}"): {"polarity": -1},
    ("post", "/shares"): {"path": "/maps/systems/sys"},
}
IMPORT = ('{"format": "hls-graph/system", "id": "imported", "name": "I", "outcome": "O", '
          '"factors": [], "links": []}')


def write_operations(client: TestClient) -> list[tuple[str, str, str]]:
    """Every (method, template, concrete path) of the OpenAPI contract that is not a GET."""
    spec = client.get("/openapi.json").json()
    found = []
    for template, operations in spec["paths"].items():
        for method in operations:
            if method in ("get", "head", "options"):
                continue
            path = PATHS.get(template) or re.sub(r"\{(\w+)\}", lambda m: PARAMS[m[1]], template)
            found.append((method, template, path))
    return found


def send(client: TestClient, method: str, template: str, path: str, headers: dict[str, str]) -> Any:
    """Send the write with the body the route accepts (the import route: a JSON snapshot file)."""
    if template == "/systems/import":
        return client.post(path, params={"format": "json"}, headers=headers,
                           files=[("files", ("s.json", IMPORT.encode()))])
    body = BODIES.get((method, template))
    return client.request(method.upper(), path, json=body, headers=headers,
                          params=QUERIES.get((method, template)))

"""Helpers for the learning-structure tests: build cycles and friends through the API, prove a
refused request changed nothing, and check refusal bodies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from graph.core.db import Graph


def snapshot(graph: Graph) -> dict[str, Any]:
    """Every node and relationship with their properties, in a stable order."""
    return graph.read("schema/graph_snapshot")[0]


def counts(graph: Graph) -> Counter[str]:
    """Nodes per label and relationships per type (0 for a type with none)."""
    nodes = graph.read("schema/health_counts")[0]
    rels = {row["type"]: row["n"] for row in graph.read("schema/relationship_counts")}
    return Counter({**nodes, **rels})


@contextmanager
def unchanged(graph: Graph) -> Iterator[None]:
    """The block must leave the database exactly as it found it (nodes, links, properties)."""
    before = snapshot(graph)
    yield
    after = snapshot(graph)
    assert after == before


def unstamped(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without its version stamps (issue 14: ``version``, ``updated_at``, ``updated_by``),
    for tests that compare a whole answer with what they wrote."""
    return {k: v for k, v in answer.items() if k not in ("version", "updated_at", "updated_by")}


def refused(response: Response, status: int, error: str, **expected: Any) -> dict[str, Any]:
    """Assert a refusal: its status, its error code (or rule, for 422 rule_broken) and details."""
    assert response.status_code == status, response.text
    body = response.json()
    if status == 422 and error != "validation":
        assert body["error"] == "rule_broken", body
        assert body["rule"] == error, body
    elif error != "validation":
        assert body["error"] == error, body
    for key, value in expected.items():
        assert body[key] == value, (key, body)
    return body


def ok(response: Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def make_cycle(client: TestClient, cycle_id: str, scale: str, **fields: Any) -> dict[str, Any]:
    body = {"id": cycle_id, "name": fields.pop("name", f"Cycle {cycle_id}"), "scale": scale, **fields}
    return ok(client.post("/cycles", json=body), 201)


def make_actor(client: TestClient, actor_id: str, kind: str = "person") -> dict[str, Any]:
    return ok(client.post("/actors", json={"id": actor_id, "name": actor_id.title(), "kind": kind}), 201)


def make_experiment(client: TestClient, cycle_id: str, experiment_id: str, **fields: Any) -> dict[str, Any]:
    body = {"id": experiment_id, "kind": "hypothesis_test", "question": f"Q {experiment_id}?", **fields}
    return ok(client.post(f"/cycles/{cycle_id}/experiments", json=body), 201)


def make_evidence(
    client: TestClient, experiment_id: str, evidence_id: str, sensitivity: str = "public", **fields: Any,
) -> dict[str, Any]:
    body = {"id": evidence_id, "kind": "narrative", "text": f"story {evidence_id}",
            "sensitivity": sensitivity, **fields}
    return ok(client.post(f"/experiments/{experiment_id}/evidence", json=body), 201)


def link(client: TestClient, lower: str, upper: str) -> dict[str, Any]:
    return ok(client.put(f"/cycles/{lower}/feeds-into/{upper}"))


def make_stack(client: TestClient) -> None:
    """p1, p2 (person) -> t1 (team) -> o1 (organisation) -> pl (place); t1 -> pl too (a DAG);
    t2 (team) peer of t1."""
    for cycle_id, scale in [("p1", "person"), ("p2", "person"), ("t1", "team"), ("t2", "team"),
                            ("o1", "organisation"), ("pl", "place")]:
        make_cycle(client, cycle_id, scale)
    for lower, upper in [("p1", "t1"), ("p2", "t1"), ("t1", "o1"), ("o1", "pl"), ("t1", "pl")]:
        link(client, lower, upper)
    ok(client.put("/cycles/t1/peers/t2"))


def add_outcome_system(graph: Graph, system_id: str, factor_ids: list[str]) -> None:
    """A bare outcome system with factors (test fixture: the outcome-system API is another area's)."""
    graph.write_tx(lambda tx: tx.run(
        "CREATE (s:OutcomeSystem {id: $system, name: $system}) "
        "WITH s UNWIND $factors AS fid CREATE (:Factor {id: fid, name: fid})-[:PART_OF]->(s)",
        system=system_id, factors=factor_ids,
    ).consume())

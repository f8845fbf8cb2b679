"""Enable below and the learning stack on the constructed world (tests/questions_world.py); the
expected values were worked out by hand from that picture."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.errors import NotFound, RuleBroken
from graph.learning.questions import cycle_stack, enable_below
from tests.questions_world import fresh_world


@pytest.fixture(scope="module")
def world(graph: Graph) -> Graph:
    return fresh_world(graph)


def summary(items: list[dict]) -> list[tuple[str, int, str, bool]]:
    return [(c["id"], c["affected_cycle_count"], c["raised_at"][:10], c["unanswered"]) for c in items]


def test_barriers_ranked_by_affected_cycles_then_age(world: Graph) -> None:
    answer = enable_below(world, "o")
    assert summary(answer["barriers"]) == [
        ("bar-c", 3, "2023-01-01", True),    # its raiser p2 counts with p3 and t2; older than bar-a
        ("bar-a", 3, "2024-03-01", False),
        ("bar-b", 2, "2023-06-01", False),
        ("bar-e", 1, "2021-01-01", True),    # raised by o itself, blocks t1:x1 below
        ("bar-d", 1, "2022-01-01", True),    # blocks nothing; p1 raised it, so p1 is affected
        ("bar-f", 1, "2024-01-01", True),    # raised above (pl), blocks p1 below
    ]  # bar-far (t3, under the peer o2) is not below o
    bar_c, bar_a, bar_b = answer["barriers"][:3]
    assert bar_a["affected_cycles"] == ["p1", "p2", "t1"]
    assert (bar_a["affected_experiments"], bar_a["affected_experiment_count"]) == (["p1:x1", "p2:x1"], 2)
    assert bar_a["acted_on_by"] == [
        {"cycle": "o", "action": "remove", "relation": "self"},
        {"cycle": "o2", "action": "remove", "relation": "peer"},
        {"cycle": "pl", "action": "remove", "relation": "above"},
        {"cycle": "t1", "action": "remove", "relation": "below"},
        {"cycle": "t3", "action": "remove", "relation": "other"},
    ]
    assert (bar_a["raised_by"], bar_a["raised_at_scales"]) == (
        [{"cycle": "p1", "scale": "person", "level": 1}], ["person"])
    assert bar_a["oldest_raised_at"] == "2024-03-01T00:00:00Z"
    assert (bar_c["affected_cycles"], bar_c["affected_experiments"]) == (["p2", "p3", "t2"], ["p3:x1"])
    assert bar_b["status"] == "acting"
    assert bar_b["raised_at_scales"] == ["person", "team"]
    assert [r["cycle"] for r in bar_b["raised_by"]] == ["p3", "t2"]
    assert bar_b["acted_on_by"] == [{"cycle": "r", "action": "remove", "relation": "above"}]


def test_enablers_and_resolved_listed_separately(world: Graph) -> None:
    answer = enable_below(world, "o")
    assert summary(answer["enablers"]) == [
        ("en-a", 3, "2024-02-01", False),
        ("en-b", 1, "2023-02-01", False),
        ("en-c", 1, "2024-02-01", True),
    ]
    assert answer["enablers"][0]["affected_cycles"] == ["p1", "p3", "t1"]
    assert answer["enablers"][1]["acted_on_by"] == [
        {"cycle": "o2", "action": "nurture", "relation": "peer"},
        {"cycle": "pl", "action": "nurture", "relation": "above"},
    ]
    assert [(c["id"], c["kind"], c["resolved_by"], c["resolved_at"], c["affected_cycles"], c["acted_on_by"])
            for c in answer["resolved"]] == [
        ("res-a", "barrier", "o", "2023-05-01T00:00:00Z", ["p1"],
         [{"cycle": "o", "action": "remove", "relation": "self"}]),
        ("res-b", "enabler", "pl", "2023-01-01T00:00:00Z", ["t2"],
         [{"cycle": "pl", "action": "nurture", "relation": "above"}]),
    ]
    assert all(c["status"] != "resolved" for c in answer["barriers"] + answer["enablers"])


def test_depth_one(world: Graph) -> None:
    answer = enable_below(world, "o", depth=1)
    # Only t1 and t2: everything affects one cycle, so age decides (id breaks the en-a/en-c tie).
    assert summary(answer["barriers"]) == [
        ("bar-e", 1, "2021-01-01", True),
        ("bar-c", 1, "2023-01-01", True),
        ("bar-b", 1, "2023-06-01", False),
        ("bar-a", 1, "2024-03-01", False),
    ]
    assert answer["barriers"][3]["affected_experiments"] == []
    assert summary(answer["enablers"]) == [("en-a", 1, "2024-02-01", False), ("en-c", 1, "2024-02-01", True)]
    assert [c["id"] for c in answer["resolved"]] == ["res-b"]


def test_relations_seen_from_the_peer(world: Graph) -> None:
    answer = enable_below(world, "o2")
    assert [(c["id"], c["affected_cycles"]) for c in answer["barriers"]] == [("bar-far", ["t3"])]
    assert answer["barriers"][0]["unanswered"] is True
    assert (answer["enablers"], answer["resolved"]) == ([], [])


def test_nothing_below(world: Graph) -> None:
    answer = enable_below(world, "p1")
    assert (answer["barriers"], answer["enablers"], answer["resolved"]) == ([], [], [])
    assert answer["cycle"]["id"] == "p1"


def test_errors(world: Graph, session_client: TestClient) -> None:
    with pytest.raises(NotFound):
        enable_below(world, "nope")
    with pytest.raises(RuleBroken):
        enable_below(world, "o", depth=0)
    assert session_client.get("/cycles/nope/enable-below").status_code == 404
    assert session_client.get("/cycles/o/enable-below", params={"depth": 0}).status_code == 422
    assert session_client.get("/cycles/nope/stack").status_code == 404
    response = session_client.get("/cycles/o/enable-below", params={"depth": 1})
    assert [c["id"] for c in response.json()["barriers"]] == ["bar-e", "bar-c", "bar-b", "bar-a"]


def members(items: list[dict]) -> list[tuple[str, str, int, int]]:
    return [(m["id"], m["scale"], m["level"], m["distance"]) for m in items]


def test_stack_of_an_organisation(world: Graph, session_client: TestClient) -> None:
    stack = session_client.get("/cycles/o/stack").json()
    assert stack["cycle"] == {"id": "o", "name": "o", "status": "active", "scale": "organisation",
                              "level": 3, "relation": "self", "distance": 0}
    assert members(stack["above"]) == [("r", "region", 5, 2), ("pl", "place", 4, 1)]
    # p1 is below o by two routes: listed once, at its shortest distance.
    assert members(stack["below"]) == [
        ("t1", "team", 2, 1), ("t2", "team", 2, 1),
        ("p1", "person", 1, 2), ("p2", "person", 1, 2), ("p3", "person", 1, 2),
    ]
    assert members(stack["peers"]) == [("o2", "organisation", 3, 1)]
    assert [(e["lower"], e["upper"]) for e in stack["feeds_into"]] == [
        ("o", "pl"), ("o2", "pl"), ("p1", "t1"), ("p1", "t2"), ("p2", "t2"), ("p3", "t1"),
        ("pl", "r"), ("t1", "o"), ("t2", "o"),
    ]
    assert stack["peer_of"] == [{"cycle": "o2", "peer": "o"}]


def test_stack_of_a_practitioner(world: Graph) -> None:
    stack = cycle_stack(world, "p1")
    assert members(stack["above"]) == [
        ("r", "region", 5, 4), ("pl", "place", 4, 3), ("o", "organisation", 3, 2),
        ("t1", "team", 2, 1), ("t2", "team", 2, 1),
    ]
    assert (stack["below"], stack["peers"], stack["peer_of"]) == ([], [], [])
    assert [(e["lower"], e["upper"]) for e in stack["feeds_into"]] == [
        ("o", "pl"), ("p1", "t1"), ("p1", "t2"), ("pl", "r"), ("t1", "o"), ("t2", "o"),
    ]

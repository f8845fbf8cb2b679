"""Learn from below on the constructed world (tests/questions_world.py): every expected value below
was worked out by hand from that picture, and a wrong count or order fails the test."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph.core.db import Graph
from graph.core.errors import NotFound, RuleBroken
from graph.learning.questions import learn_from_below
from tests.questions_world import fresh_world


@pytest.fixture(scope="module")
def world(graph: Graph) -> Graph:
    return fresh_world(graph)


def ranking(answer_patterns: list[dict]) -> list[tuple[str, list[str], int, int]]:
    return [(p["id"], p["lower_cycles"], p["supporting"], p["contradicting"]) for p in answer_patterns]


def test_organisation_patterns_ranked_diamond_counted_once(world: Graph) -> None:
    answer = learn_from_below(world, "o")
    # p1 reaches o through t1 and t2: still one cycle, its two pieces of evidence counted once each.
    assert ranking(answer["patterns"]) == [
        ("A", ["p1", "p2"], 3, 1),
        ("B", ["p3", "t2"], 2, 0),
        ("C", ["t1"], 1, 0),   # C and D tie on (1 cycle, 1 supporting): id decides
        ("D", ["p2"], 1, 0),
    ]
    a = answer["patterns"][0]
    assert a["lower_cycle_count"] == 2
    assert a["contradicting_cycles"] == ["t1"]
    assert a["scales"] == [{"id": "person", "level": 1}, {"id": "team", "level": 2}]
    assert a["factors"] == [{"id": "f:debt", "name": "f:debt"}, {"id": "f:income", "name": "f:income"}]
    assert a["via"] == "below" and a["peer"] is None
    # o's own evidence (o:e1 supports A) is not "below" o.
    chains = [(c["cycle"], c["experiment"], c["evidence"], c["stance"], c["pattern"])
              for c in a["provenance"]]
    assert chains == [
        ("p1", "p1:x1", "p1:e1", "supports", "A"),
        ("p1", "p1:x1", "p1:e2", "supports", "A"),
        ("p2", "p2:x1", "p2:e1", "supports", "A"),
        ("t1", "t1:x1", "t1:e1", "contradicts", "A"),
    ]
    b = answer["patterns"][1]
    assert b["factors"] == [{"id": "f:housing", "name": "f:housing"}]
    assert b["scales"] == [{"id": "person", "level": 1}, {"id": "team", "level": 2}]


def test_min_cycles_filter(world: Graph) -> None:
    assert [p["id"] for p in learn_from_below(world, "o", min_cycles=2)["patterns"]] == ["A", "B"]
    assert learn_from_below(world, "o", min_cycles=3)["patterns"] == []
    # 0 also lists E, which evidence below only contradicts.
    patterns = learn_from_below(world, "o", min_cycles=0)["patterns"]
    assert ranking(patterns)[-1] == ("E", [], 0, 1)
    assert [p["id"] for p in patterns] == ["A", "B", "C", "D", "E"]
    assert patterns[-1]["contradicting_cycles"] == ["p3"]


def test_depth_limits_organisation(world: Graph) -> None:
    # depth 1: t1 and t2 only. A is only contradicted there (t1:e1), so min_cycles=1 drops it.
    assert ranking(learn_from_below(world, "o", depth=1)["patterns"]) == [
        ("B", ["t2"], 1, 0), ("C", ["t1"], 1, 0),
    ]
    assert ranking(learn_from_below(world, "o", depth=1, min_cycles=0)["patterns"]) == [
        ("B", ["t2"], 1, 0), ("C", ["t1"], 1, 0), ("A", [], 0, 1),
    ]
    # depth 2 already reaches the person scale: the same as "all scales below".
    assert learn_from_below(world, "o", depth=2)["patterns"] == learn_from_below(world, "o")["patterns"]


def test_depth_limits_place(world: Graph) -> None:
    assert ranking(learn_from_below(world, "pl", depth=1)["patterns"]) == [("A", ["o"], 1, 0)]
    assert ranking(learn_from_below(world, "pl", depth=2)["patterns"]) == [
        ("C", ["t1", "t3"], 2, 0),
        ("A", ["o"], 1, 1),
        ("B", ["t2"], 1, 0),
        ("F", ["t3"], 1, 0),
    ]
    # all: lower cycles listed by scale level, then id; A and C tie on 3 cycles, A has more evidence.
    assert ranking(learn_from_below(world, "pl")["patterns"]) == [
        ("A", ["p1", "p2", "o"], 4, 1),
        ("C", ["p4", "t1", "t3"], 3, 0),
        ("B", ["p3", "t2"], 2, 0),
        ("D", ["p2"], 1, 0),
        ("F", ["t3"], 1, 0),
    ]
    c = learn_from_below(world, "pl")["patterns"][1]
    assert c["scales"] == [{"id": "person", "level": 1}, {"id": "team", "level": 2}]
    assert [f["id"] for f in c["factors"]] == ["f:debt", "f:housing", "f:income"]


def test_recurring_unnamed_factors_and_outcomes(world: Graph) -> None:
    recurring = learn_from_below(world, "o")["recurring"]
    # transport (p1:x2, p3:x2, t2:x2) and waived (p3:x2, t2:x2): no pattern draws on those
    # experiments' evidence. Debt, income, housing, paused, referred are named; benefits is only
    # on p2 below o (o:x1 is o's own).
    assert [(r["kind"], r["id"], r["cycles"], r["experiments"]) for r in recurring] == [
        ("factor", "f:transport", ["p1", "p3", "t2"], ["p1:x2", "p3:x2", "t2:x2"]),
        ("outcome", "waived", ["p3", "t2"], ["p3:x2", "t2:x2"]),
    ]
    assert [r["cycle_count"] for r in recurring] == [3, 2]
    assert learn_from_below(world, "o", depth=1)["recurring"] == []


def test_recurring_named_within_scope(world: Graph) -> None:
    # Below pl, t3:x2 (transport) yields t3:e2 which pattern F is derived from: transport is named.
    # Benefits (p2:x2, o:x1) is named through o:e1 -> A. Staffing (o2:x1, p4:x2) is not.
    recurring = learn_from_below(world, "pl")["recurring"]
    assert [(r["kind"], r["id"], r["cycles"], r["experiments"]) for r in recurring] == [
        ("factor", "f:staffing", ["o2", "p4"], ["o2:x1", "p4:x2"]),
        ("outcome", "waived", ["p3", "t2"], ["p3:x2", "t2:x2"]),
    ]


def test_coverage(world: Graph) -> None:
    coverage = learn_from_below(world, "o")["coverage"]
    assert coverage == {
        "cycles": 5,
        "cycles_by_scale": [
            {"scale": "person", "level": 1, "count": 3, "cycles": ["p1", "p2", "p3"]},
            {"scale": "team", "level": 2, "count": 2, "cycles": ["t1", "t2"]},
        ],
        "experiments": 9,
        "experiments_by_status": {"planned": 1, "running": 2, "completed": 5, "abandoned": 1},
        "evidence": 7,
        "evidence_by_kind": {"quantitative": 3, "narrative": 4},
        "evidence_by_sensitivity": {"public": 4, "network": 1, "cycle": 1, "personal": 1},
    }
    depth1 = learn_from_below(world, "o", depth=1)["coverage"]
    assert (depth1["cycles"], depth1["experiments"], depth1["evidence"]) == (2, 3, 2)


def test_nothing_below_is_empty_but_well_formed(world: Graph) -> None:
    answer = learn_from_below(world, "p1", include_peers=True)
    assert answer["cycle"] == {"id": "p1", "name": "p1", "status": "active", "scale": "person", "level": 1}
    assert (answer["patterns"], answer["recurring"], answer["peers"]) == ([], [], [])
    assert answer["coverage"] == {
        "cycles": 0, "cycles_by_scale": [], "experiments": 0,
        "experiments_by_status": {"planned": 0, "running": 0, "completed": 0, "abandoned": 0},
        "evidence": 0, "evidence_by_kind": {"quantitative": 0, "narrative": 0},
        "evidence_by_sensitivity": {"public": 0, "network": 0, "cycle": 0, "personal": 0},
    }


def test_peers_marked_and_separate(world: Graph) -> None:
    assert learn_from_below(world, "o")["peers"] == []
    answer = learn_from_below(world, "o", include_peers=True)
    # What comes from below is unchanged by asking for peers.
    assert answer["patterns"] == learn_from_below(world, "o")["patterns"]
    [peer] = answer["peers"]
    assert (peer["peer"], peer["via"]) == ("o2", "peer")
    # o2's group: o2 itself, t3, p4.
    assert ranking(peer["patterns"]) == [("C", ["p4", "t3"], 2, 0), ("F", ["t3"], 1, 0)]
    assert {(p["via"], p["peer"]) for p in peer["patterns"]} == {("peer", "o2")}
    assert [(r["id"], r["cycles"], r["via"], r["peer"]) for r in peer["recurring"]] == [
        ("f:staffing", ["o2", "p4"], "peer", "o2"),
    ]
    assert peer["coverage"]["cycles_by_scale"] == [
        {"scale": "person", "level": 1, "count": 1, "cycles": ["p4"]},
        {"scale": "team", "level": 2, "count": 1, "cycles": ["t3"]},
        {"scale": "organisation", "level": 3, "count": 1, "cycles": ["o2"]},
    ]
    assert (peer["coverage"]["experiments"], peer["coverage"]["evidence"]) == (5, 3)
    # depth applies below the peer too: o2 and t3 only.
    [peer1] = learn_from_below(world, "o", depth=1, include_peers=True)["peers"]
    assert ranking(peer1["patterns"]) == [("C", ["t3"], 1, 0), ("F", ["t3"], 1, 0)]


def test_peer_of_is_read_both_ways(world: Graph) -> None:
    # Stored o2 -> o; asked from o2, o is its peer: o's own evidence and everything below o.
    [peer] = learn_from_below(world, "o2", include_peers=True)["peers"]
    assert peer["peer"] == "o"
    assert ranking(peer["patterns"])[0] == ("A", ["p1", "p2", "o"], 4, 1)


def test_unknown_cycle_and_bad_parameters(world: Graph) -> None:
    with pytest.raises(NotFound):
        learn_from_below(world, "nope")
    with pytest.raises(NotFound):
        learn_from_below(world, "o", viewer_cycle="nobody")
    with pytest.raises(RuleBroken):
        learn_from_below(world, "o", depth=0)
    with pytest.raises(RuleBroken):
        learn_from_below(world, "o", min_cycles=-1)


def test_api_answers_and_errors(world: Graph, session_client: TestClient) -> None:
    response = session_client.get("/cycles/pl/learn-from-below", params={"depth": 2})
    assert response.status_code == 200
    assert [(p["id"], p["lower_cycle_count"]) for p in response.json()["patterns"]] == [
        ("C", 2), ("A", 1), ("B", 1), ("F", 1),
    ]
    response = session_client.get("/cycles/o/learn-from-below",
                                  params={"include_peers": "true", "min_cycles": 2})
    body = response.json()
    assert [p["id"] for p in body["patterns"]] == ["A", "B"]
    assert [p["id"] for p in body["peers"][0]["patterns"]] == ["C"]

    missing = session_client.get("/cycles/nope/learn-from-below")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not_found", "message": "no cycle with id 'nope'",
                              "kind": "cycle", "id": "nope"}
    assert session_client.get("/cycles/o/learn-from-below", params={"viewer_cycle": "x"}).status_code == 404
    zero = session_client.get("/cycles/o/learn-from-below", params={"depth": 0})
    assert zero.status_code == 422
    assert zero.json()["detail"][0]["loc"] == ["query", "depth"]
    assert session_client.get("/cycles/o/learn-from-below", params={"min_cycles": -1}).status_code == 422


def test_named_queries_answer_by_themselves(world: Graph) -> None:
    """What a notebook sees: the .cypher files with plain parameters, no Python shaping."""
    scope = {"cycle_id": "o", "depth": None, "include_peers": True}
    rows = world.read("questions/learn_from_below", min_cycles=1, provenance_limit=None, **scope)
    assert [(r["via"], r["peer"], r["id"], r["lower_cycle_count"], r["supporting"]) for r in rows] == [
        ("below", None, "A", 2, 3), ("below", None, "B", 2, 2), ("below", None, "C", 1, 1),
        ("below", None, "D", 1, 1), ("peer", "o2", "C", 2, 2), ("peer", "o2", "F", 1, 1),
    ]
    rows = world.read("questions/learn_from_below_recurring", **scope)
    assert [(r["via"], r["kind"], r["id"], r["cycle_count"]) for r in rows] == [
        ("below", "factor", "f:transport", 3), ("below", "outcome", "waived", 2),
        ("peer", "factor", "f:staffing", 2),
    ]
    rows = world.read("questions/learn_from_below_coverage", **scope)
    assert [(r["via"], r["cycle_count"], r["experiments"], r["evidence"]) for r in rows] == [
        ("below", 5, 9, 7), ("peer", 3, 5, 3),
    ]
    rows = world.read("questions/enable_below", cycle_id="o", depth=1)
    assert [(r["id"], r["affected_cycle_count"]) for r in rows] == [
        ("bar-e", 1), ("bar-c", 1), ("bar-b", 1), ("bar-a", 1), ("en-a", 1), ("en-c", 1), ("res-b", 1),
    ]
    rows = world.read("questions/cycle_stack", cycle_id="t2")
    assert [(r["id"], r["relation"], r["distance"]) for r in rows] == [
        ("r", "above", 3), ("pl", "above", 2), ("o", "above", 1), ("t2", "self", 0),
        ("p1", "below", 1), ("p2", "below", 1),
    ]

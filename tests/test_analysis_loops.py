"""Feedback loops checked against an independent brute-force count on small hand-made maps.

The brute force tries every sequence of distinct factors (itertools.permutations), keeps the ones
whose consecutive links and closing link exist, and canonicalises rotations: it shares no code
with the search it checks. No Neo4j needed.
"""

from __future__ import annotations

import doctest
import importlib
import itertools
import random
from collections import Counter

import networkx as nx
import pytest

from graph.analysis.loops import feedback_loops


def brute_force_loops(G: nx.DiGraph, max_length: int) -> dict[tuple, str]:
    """Every elementary loop of up to ``max_length`` factors (canonical rotation) → its polarity."""
    found: dict[tuple, str] = {}
    for k in range(1, max_length + 1):
        for seq in itertools.permutations(G.nodes, k):
            links = [(seq[i], seq[(i + 1) % k]) for i in range(k)]
            if not all(G.has_edge(u, v) for u, v in links):
                continue
            start = min(range(k), key=lambda i: seq[i])
            canonical = seq[start:] + seq[:start]
            negatives = sum(G.edges[u, v]["polarity"] < 0 for u, v in links)
            found[canonical] = "balancing" if negatives % 2 else "reinforcing"
    return found


def signed(edges: list[tuple[str, str, int]]) -> nx.DiGraph:
    G = nx.DiGraph()
    for u, v, p in edges:
        G.add_edge(u, v, polarity=p)
    return G


def loop_set(result: dict) -> dict[tuple, str]:
    """The loops an answer lists, rotated to start at their smallest factor."""
    out = {}
    for loop in result["loops"]:
        ids = [f["id"] for f in loop["factors"]]
        start = ids.index(min(ids))
        out[tuple(ids[start:] + ids[:start])] = loop["polarity"]
    return out


# A map with a self-loop of each sign, 2-cycles of each kind, and the negative self-reinforcing pair
# a -−→ b -−→ a (two negatives: reinforcing).
PAIRS = signed([
    ("a", "b", -1), ("b", "a", -1),           # negative pair: reinforcing
    ("b", "c", 1), ("c", "b", -1),            # one negative: balancing
    ("c", "d", 1), ("d", "c", 1),             # positive pair: reinforcing
    ("d", "d", -1),                           # self-loop, negative: balancing
    ("e", "e", 1),                            # self-loop, positive: reinforcing
    ("c", "a", 1), ("d", "a", -1), ("e", "a", 1),
])


def test_hand_made_map_with_pairs_and_self_loops_matches_brute_force() -> None:
    expected = brute_force_loops(PAIRS, 5)
    result = feedback_loops(PAIRS, max_length=5, limit=1000)
    assert loop_set(result) == expected
    assert len(expected) == 7
    assert result["totals"] == {
        "reinforcing": Counter(expected.values())["reinforcing"],
        "balancing": Counter(expected.values())["balancing"],
        "undetermined": 0,
        "total": 7,
    }
    assert expected[("a", "b")] == "reinforcing"          # the negative self-reinforcing pair
    assert loop_set(result)[("a", "b")] == "reinforcing"
    assert loop_set(result)[("b", "c")] == "balancing"
    assert loop_set(result)[("d",)] == "balancing"
    assert loop_set(result)[("e",)] == "reinforcing"
    assert result["complete"] is True and result["cut_by"] == []


def test_exact_listing_order_lengths_and_negative_counts() -> None:
    result = feedback_loops(PAIRS, max_length=5)
    listed = [([f["id"] for f in lp["factors"]], lp["length"], lp["polarity"], lp["negative_links"])
              for lp in result["loops"]]
    assert listed[:5] == [
        (["d"], 1, "balancing", 1),
        (["e"], 1, "reinforcing", 0),
        (["a", "b"], 2, "reinforcing", 2),
        (["b", "c"], 2, "balancing", 1),
        (["c", "d"], 2, "reinforcing", 0),
    ]
    assert [lp["length"] for lp in result["loops"]] == sorted(lp["length"] for lp in result["loops"])
    assert result["by_length"] == [
        {"length": n, "reinforcing": r, "balancing": b, "undetermined": 0, "total": r + b}
        for n, (r, b) in sorted(_by_length(brute_force_loops(PAIRS, 5)).items())
    ]


def _by_length(loops_found: dict[tuple, str]) -> dict[int, tuple[int, int]]:
    out: dict[int, list[int]] = {}
    for loop, polarity in loops_found.items():
        out.setdefault(len(loop), [0, 0])[polarity == "balancing"] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


@pytest.mark.parametrize("seed", range(12))
def test_random_maps_match_brute_force_at_every_bound(seed: int) -> None:
    rnd = random.Random(seed)
    G = nx.gnp_random_graph(7, 0.35, directed=True, seed=seed)
    G = nx.relabel_nodes(G, {i: f"m:{i}" for i in G})
    for u, v in G.edges:
        G.edges[u, v]["polarity"] = rnd.choice([1, -1])
    for n in rnd.sample(list(G), 2):
        G.add_edge(n, n, polarity=rnd.choice([1, -1]))
    for max_length in (1, 2, 3, 5, 7):
        expected = brute_force_loops(G, max_length)
        result = feedback_loops(G, max_length=max_length, limit=10_000)
        assert loop_set(result) == expected
        assert result["totals"]["total"] == len(expected)
        assert result["totals"]["balancing"] == Counter(expected.values())["balancing"]


def test_complete_map_count_is_the_known_formula() -> None:
    # K5 with every link both ways: sum over k of C(5, k)·(k-1)! = 10 + 20 + 30 + 24 = 84 loops.
    G = signed([(u, v, 1) for u in "abcde" for v in "abcde" if u != v])
    result = feedback_loops(G, max_length=5, limit=0)
    assert result["totals"] == {"reinforcing": 84, "balancing": 0, "undetermined": 0, "total": 84}
    assert [b["total"] for b in result["by_length"]] == [10, 20, 30, 24]


def test_through_gives_only_loops_through_the_factor_starting_there() -> None:
    expected = {loop: pol for loop, pol in brute_force_loops(PAIRS, 5).items() if "c" in loop}
    result = feedback_loops(PAIRS, max_length=5, through="c", limit=1000)
    assert loop_set(result) == expected
    assert result["totals"]["total"] == len(expected) == 4
    assert all(lp["factors"][0]["id"] == "c" for lp in result["loops"])
    assert result["through"] == {"id": "c", "name": None}
    through_e = feedback_loops(PAIRS, through="e")["totals"]
    assert through_e == {"reinforcing": 1, "balancing": 0, "undetermined": 0, "total": 1}
    with pytest.raises(nx.NodeNotFound):
        feedback_loops(PAIRS, through="zz")


def test_count_limit_cuts_and_says_where_totals_stay_exact() -> None:
    G = signed([(u, v, 1) for u in "abcde" for v in "abcde" if u != v])
    result = feedback_loops(G, max_length=5, count_limit=15, limit=3)
    assert result["complete"] is False
    assert result["cut_by"] == ["count_limit", "limit"]
    assert result["totals"]["total"] == 15
    assert result["complete_up_to_length"] == 2            # all 10 two-factor loops, 5 of 20 triangles
    assert [(b["length"], b["total"]) for b in result["by_length"]] == [(2, 10), (3, 5)]
    assert len(result["loops"]) == 3
    assert "count_limit=15" in result["notes"][0]


def test_exactly_count_limit_loops_is_complete() -> None:
    G = signed([(u, v, 1) for u in "abcde" for v in "abcde" if u != v])
    assert feedback_loops(G, max_length=5, count_limit=84)["complete"] is True
    assert feedback_loops(G, max_length=5, count_limit=83)["complete"] is False


def test_max_length_reported_only_when_longer_loops_may_exist() -> None:
    G = signed([(u, v, 1) for u in "abcde" for v in "abcde" if u != v])
    cut = feedback_loops(G, max_length=3, limit=20)
    assert cut["cut_by"] == ["max_length", "limit"] and cut["complete"] is True
    assert "strongly connected part has 5 factors" in cut["notes"][0]
    assert cut["totals"]["total"] == 30
    assert feedback_loops(G, max_length=5, limit=100)["cut_by"] == []
    # Separate strong parts: a 3-loop and a 2-loop; max_length 3 cuts nothing.
    parts = signed([("a", "b", 1), ("b", "c", 1), ("c", "a", 1), ("c", "x", 1), ("x", "y", -1),
                    ("y", "x", 1)])
    assert feedback_loops(parts, max_length=3)["cut_by"] == []


def test_time_budget_stops_a_huge_search_quickly() -> None:
    G = signed([(u, v, 1) for u in range(11) for v in range(11) if u != v])  # ~10 million loops
    result = feedback_loops(G, max_length=11, time_budget=0.2, count_limit=None, limit=5)
    assert result["complete"] is False
    assert "time_budget" in result["cut_by"]
    assert result["seconds"] < 3
    assert result["totals"]["total"] > 0 and len(result["loops"]) == 5


def test_answer_does_not_depend_on_insertion_order() -> None:
    edges = list(PAIRS.edges(data="polarity"))
    first = feedback_loops(PAIRS, max_length=4, limit=3, count_limit=5)
    for seed in range(5):
        random.Random(seed).shuffle(edges)
        again = feedback_loops(signed(edges), max_length=4, limit=3, count_limit=5)
        assert {**again, "seconds": 0} == {**first, "seconds": 0}


def test_natural_order_of_ids_and_names_in_answer() -> None:
    G = signed([("m:10", "m:2", -1), ("m:2", "m:10", 1)])
    G.nodes["m:2"]["name"] = "Two"
    loop = feedback_loops(G)["loops"][0]
    assert loop["factors"] == [{"id": "m:2", "name": "Two"}, {"id": "m:10", "name": None}]
    assert loop["polarity"] == "balancing"


def test_bad_bounds_and_graphs_are_refused() -> None:
    with pytest.raises(ValueError):
        feedback_loops(PAIRS, max_length=0)
    with pytest.raises(ValueError):
        feedback_loops(PAIRS, limit=-1)
    with pytest.raises(nx.NetworkXNotImplemented):
        feedback_loops(nx.MultiDiGraph(PAIRS))
    bad = signed([("a", "b", 1), ("b", "a", 1)])
    bad.edges["a", "b"]["polarity"] = 0
    with pytest.raises(ValueError, match="polarity 0"):
        feedback_loops(bad)


@pytest.mark.parametrize("name", ["", ".centrality", ".common", ".communities", ".loops", ".paths",
                                  ".search", ".trophic"])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"graph.analysis{name}")
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0
    assert failures == 0

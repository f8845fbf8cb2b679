"""Centrality, paths, communities and trophic levels on hand-made maps (no Neo4j needed).

Centrality values are compared with networkx's own functions on the same graph; path polarities
with a brute force over ``nx.all_shortest_paths`` / ``nx.all_simple_paths``.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis.centrality import MEASURES, centrality, factor_centrality, top
from graph.analysis.common import resolve_factor
from graph.analysis.communities import communities, normalized_mutual_information, purity
from graph.analysis.paths import downstream, paths, upstream
from graph.analysis.trophic import trophic_levels
from graph.core.errors import NotFound, RuleBroken


def random_map(seed: int, n: int = 12, p: float = 0.2) -> nx.DiGraph:
    rnd = random.Random(seed)
    G = nx.gnp_random_graph(n, p, directed=True, seed=seed)
    G = nx.relabel_nodes(G, {i: f"m:{i}" for i in G})
    for u, v in G.edges:
        G.edges[u, v]["polarity"] = rnd.choice([1, -1])
    for i, node in enumerate(G):
        G.nodes[node]["name"] = f"factor {i}"
        G.nodes[node]["cluster"] = "ABC"[i % 3]
    return G


def sign_of(G: nx.DiGraph, path: list[str]) -> int:
    product = 1
    for u, v in zip(path, path[1:], strict=False):
        product *= G.edges[u, v]["polarity"]
    return product


# --- centrality ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_centrality_values_equal_networkx(seed: int) -> None:
    G = random_map(seed, n=15, p=0.25)
    got = centrality(G)
    assert got["eigenvector_method"] == "eigenvector"
    expected = {
        "betweenness": nx.betweenness_centrality(G), "closeness": nx.closeness_centrality(G),
        "eigenvector": nx.eigenvector_centrality(G, max_iter=1000),
    }
    for n in G:
        values = got["factors"][n]
        assert values["in_degree"] == G.in_degree(n)
        assert values["out_degree"] == G.out_degree(n)
        assert values["degree"] == G.degree(n)
        for measure, by_node in expected.items():
            assert values[measure] == pytest.approx(by_node[n], abs=1e-12)
        assert values["reach"] == len(nx.descendants(G, n))
        ins = G.in_degree(n)
        assert values["leverage"] == (G.out_degree(n) / ins if ins else None)


def test_pagerank_replaces_eigenvector_when_it_does_not_converge() -> None:
    G = random_map(4)
    got = centrality(G, eigenvector_max_iter=1)
    assert got["eigenvector_method"] == "pagerank"
    pagerank = nx.pagerank(G)
    assert all(got["factors"][n]["eigenvector"] == pytest.approx(pagerank[n]) for n in G)


def test_top_ranks_by_measure_with_ties_in_natural_order() -> None:
    G = nx.DiGraph([("m:1", "m:3"), ("m:2", "m:3"), ("m:10", "m:3"), ("m:3", "m:4")])
    assert [(r["id"], r["rank"], r["in_degree"]) for r in top(G, "in_degree", 2)["factors"]] == [
        ("m:3", 1, 3), ("m:4", 2, 1)]
    # Leverage: pure drivers (in-degree 0) first by out-degree, ties natural (m:2 before m:10).
    assert [r["id"] for r in top(G, "leverage", 5)["factors"]] == ["m:1", "m:2", "m:10", "m:3", "m:4"]
    assert [r["id"] for r in top(G, "reach", 3)["factors"]] == ["m:1", "m:2", "m:10"]
    one = factor_centrality(G, "m:3")
    assert one["values"]["leverage"] == pytest.approx(1 / 3)
    assert one["ranks"]["in_degree"] == 1 and one["ranks"]["reach"] == 4 and one["of"] == 5
    assert set(one["ranks"]) == set(MEASURES)
    with pytest.raises(ValueError, match="unknown measure"):
        top(G, "fame")


# --- paths --------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [5, 6, 7, 8])
def test_downstream_and_upstream_polarity_match_all_shortest_paths(seed: int) -> None:
    G = random_map(seed, n=14, p=0.2)
    focus = max(G, key=G.degree)
    for answer, forward in ((downstream(G, focus, steps=3), True), (upstream(G, focus, steps=3), False)):
        expected = {}
        for other in G:
            if other == focus:
                continue
            s, t = (focus, other) if forward else (other, focus)
            if not nx.has_path(G, s, t) or nx.shortest_path_length(G, s, t) > 3:
                continue
            shortest = list(nx.all_shortest_paths(G, s, t))
            signs = {sign_of(G, p) for p in shortest}
            expected[other] = (len(shortest[0]) - 1, "mixed" if len(signs) > 1
                               else "positive" if signs == {1} else "negative", len(shortest))
        got = {f["id"]: (f["distance"], f["polarity"], f["shortest_paths"]) for f in answer["factors"]}
        assert got == expected
        assert answer["count"] == len(expected)
        for f in answer["factors"]:  # the path shown is one of the shortest, in causal order
            assert len(f["path"]) == f["distance"] + 1
            assert (f["path"][0], f["path"][-1]) == ((focus, f["id"]) if forward else (f["id"], focus))
            assert nx.is_path(G, f["path"])


def test_mixed_polarity_and_exact_neighbourhood() -> None:
    G = nx.DiGraph()
    for u, v, p in [("a", "b", 1), ("b", "d", -1), ("a", "c", 1), ("c", "d", 1), ("d", "e", -1)]:
        G.add_edge(u, v, polarity=p)
    down = downstream(G, "a", steps=3)
    assert [(f["id"], f["distance"], f["polarity"]) for f in down["factors"]] == [
        ("b", 1, "positive"), ("c", 1, "positive"), ("d", 2, "mixed"), ("e", 3, "mixed")]
    assert [(f["id"], f["polarity"]) for f in upstream(G, "e", steps=2)["factors"]] == [
        ("d", "negative"), ("b", "positive"), ("c", "negative")]
    assert downstream(G, "a", steps=1)["count"] == 2
    with pytest.raises(ValueError):
        downstream(G, "a", steps=0)


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_paths_match_all_simple_paths(seed: int) -> None:
    G = random_map(seed, n=10, p=0.3)
    pairs = [(s, t) for s in G for t in G if s != t and nx.has_path(G, s, t)]
    source, target = max(pairs, key=lambda st: len(list(nx.all_simple_paths(G, *st, cutoff=5))))
    result = paths(G, source, target, max_length=5, limit=10_000)
    expected = {tuple(p): sign_of(G, p) for p in nx.all_simple_paths(G, source, target, cutoff=5)}
    got = {tuple(f["id"] for f in p["factors"]): p for p in result["paths"]}
    assert set(got) == set(expected)
    assert all(got[k]["polarity"] == ("positive" if s == 1 else "negative") for k, s in expected.items())
    assert result["totals"]["total"] == len(expected)
    assert result["totals"]["negative"] == sum(1 for s in expected.values() if s == -1)
    shortest = list(nx.all_shortest_paths(G, source, target))
    assert result["shortest"]["length"] == len(shortest[0]) - 1
    assert result["shortest"]["count"] == len(shortest)
    listed = {tuple(f["id"] for f in p["factors"]) for p in result["shortest"]["paths"]}
    assert listed == set(map(tuple, shortest))
    assert [p["length"] for p in result["paths"]] == sorted(p["length"] for p in result["paths"])


def test_paths_bounds_unreachable_and_shortest_beyond_max_length() -> None:
    G = nx.DiGraph()
    nx.add_path(G, ["a", "b", "c", "d"], polarity=-1)
    G.add_edge("a", "x", polarity=1)
    far = paths(G, "a", "d", max_length=2)
    assert far["reachable"] is True and far["totals"]["total"] == 0
    assert far["shortest"]["length"] == 3 and far["shortest"]["paths"][0]["polarity"] == "negative"
    assert far["cut_by"] == ["max_length"]
    assert paths(G, "a", "d", max_length=3)["cut_by"] == []
    none = paths(G, "x", "a")
    assert none["reachable"] is False and none["shortest"] is None and none["paths"] == []
    with pytest.raises(ValueError, match="same factor"):
        paths(G, "a", "a")
    many = nx.complete_graph(7, create_using=nx.DiGraph)
    nx.set_edge_attributes(many, 1, "polarity")
    cut = paths(many, 0, 6, max_length=6, limit=4, count_limit=50)
    assert cut["complete"] is False and cut["cut_by"] == ["count_limit", "limit"]
    assert cut["totals"]["total"] == 50 and len(cut["paths"]) == 4
    assert cut["complete_up_to_length"] == 3  # 1 + 5 + 20 paths of 1..3 links, then 24 of 60 of 4


# --- factor references --------------------------------------------------------------------------

def test_factor_reference_by_id_local_id_or_name() -> None:
    G = nx.DiGraph()
    G.add_node("sys:1", name="Self esteem")
    G.add_node("sys:2", name="Twin")
    G.add_node("sys:3", name="Twin")
    assert resolve_factor(G, "sys:1", "sys") == "sys:1"
    assert resolve_factor(G, "1", "sys") == "sys:1"
    assert resolve_factor(G, "Self esteem", "sys") == "sys:1"
    with pytest.raises(NotFound) as missing:
        resolve_factor(G, "Nope", "sys")
    assert missing.value.status == 404 and "'Nope'" in missing.value.message
    with pytest.raises(RuleBroken) as twin:
        resolve_factor(G, "Twin", "sys")
    assert twin.value.details["ids"] == ["sys:2", "sys:3"]


# --- communities --------------------------------------------------------------------------------

def test_louvain_is_reproducible_with_a_seed_and_compared_to_clusters() -> None:
    G = nx.DiGraph()
    for block, cluster in ((range(0, 6), "left"), (range(6, 12), "right")):
        for u in block:
            for v in block:
                if u != v:
                    G.add_edge(f"n:{u}", f"n:{v}", polarity=1)
            G.nodes[f"n:{u}"]["cluster"] = cluster
    G.add_edge("n:0", "n:6", polarity=-1)
    first = communities(G, seed=7)
    shuffled = nx.DiGraph()
    nodes = list(G.nodes(data=True))
    random.Random(3).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(reversed(list(G.edges(data=True))))
    assert communities(shuffled, seed=7) == first
    assert [c["factors"] for c in first["communities"]] == [
        [f"n:{i}" for i in range(0, 6)], [f"n:{i}" for i in range(6, 12)]]
    assert first["contingency"] == {"communities": [1, 2], "clusters": ["left", "right"],
                                    "counts": [[6, 0], [0, 6]]}
    assert first["scores"]["purity"] == 1.0
    assert first["scores"]["nmi"] == pytest.approx(1.0)
    assert first["scores"]["modularity_communities"] == pytest.approx(
        nx.community.modularity(G.to_undirected(), [set(c["factors"]) for c in first["communities"]],
                                weight=None))
    assert first["factors"]["n:7"] == {"community": 2, "cluster": "right"}


def test_louvain_seeds_on_a_real_sized_map_repeat() -> None:
    G = random_map(12, n=60, p=0.06)
    assert communities(G, seed=3) == communities(G, seed=3)


def test_nmi_and_purity_against_hand_computed_values() -> None:
    import math

    # communities {1: a a b}, {2: b b}: purity = (2 + 2) / 5
    table = [[2, 1], [0, 2]]
    assert purity(table) == pytest.approx(0.8)
    n = 5
    h_rows = -(3 / n * math.log(3 / n) + 2 / n * math.log(2 / n))
    h_cols = h_rows  # clusters sizes 2 and 3
    mi = (2 / n * math.log(2 * n / (3 * 2)) + 1 / n * math.log(1 * n / (3 * 3))
          + 2 / n * math.log(2 * n / (2 * 3)))
    assert normalized_mutual_information(table) == pytest.approx(mi / ((h_rows + h_cols) / 2))
    assert normalized_mutual_information([[3, 3]]) == 0.0


def test_map_without_clusters_has_no_cluster_scores() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "a")])
    nx.set_edge_attributes(G, 1, "polarity")
    scores = communities(G, seed=1)["scores"]
    assert scores["purity"] is None and scores["nmi"] is None and scores["modularity_clusters"] is None


# --- trophic levels -----------------------------------------------------------------------------

def test_trophic_levels_of_a_dag_are_known() -> None:
    # a, b basal (1); c fed by a (2); d fed by b and c: 1 + (1 + 2) / 2 = 2.5; e fed by d: 3.5
    G = nx.DiGraph([("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")])
    result = trophic_levels(G)
    assert result["method"] == "levine" and result["reason"] is None
    assert result["levels"] == {"a": 1.0, "b": 1.0, "c": 2.0, "d": 2.5, "e": 3.5}
    assert result["levels"] == pytest.approx(nx.trophic_levels(G, weight=None))
    assert result["layers"] == [{"layer": 1, "factors": ["a", "b"]}, {"layer": 2, "factors": ["c"]},
                                {"layer": 3, "factors": ["d"]}, {"layer": 4, "factors": ["e"]}]


def test_trophic_falls_back_to_generalised_levels_without_a_basal_factor() -> None:
    # A loop a → b → c → a feeding a chain c → d → e: no basal factor.
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")])
    result = trophic_levels(G)
    assert result["method"] == "generalised" and "no basal factor" in result["reason"]
    levels = result["levels"]
    assert min(levels.values()) == 1.0
    assert levels["e"] - levels["d"] == pytest.approx(1.0, abs=0.35)
    assert levels["a"] < levels["d"] < levels["e"]
    assert 0 < result["incoherence"] < 1
    # A chain alone: generalised levels climb exactly one per link (and Levine agrees).
    chain = nx.DiGraph([("x", "y"), ("y", "z")])
    assert trophic_levels(chain)["levels"] == {"x": 1.0, "y": 2.0, "z": 3.0}
    unreached = nx.DiGraph([("s", "t"), ("p", "q"), ("q", "p")])
    assert "cannot be reached" in trophic_levels(unreached)["reason"]
    with pytest.raises(ValueError, match="no factors"):
        trophic_levels(nx.DiGraph())

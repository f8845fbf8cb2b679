"""Centrality of the factors of a system map: which factors matter most, by several measures.

Every measure is networkx's on the directed map, unweighted:

- ``in_degree``, ``out_degree``, ``degree``: numbers of links into, out of, and at the factor.
- ``betweenness``: ``nx.betweenness_centrality`` (normalised; share of shortest paths through it).
- ``closeness``: ``nx.closeness_centrality`` (for a directed graph networkx measures *inward*
  distance: how near the factor is to the factors that reach it; Wasserman–Faust scaling).
- ``eigenvector``: ``nx.eigenvector_centrality`` (a factor matters when factors that matter
  influence it). Where the power iteration does not converge, ``nx.pagerank`` is used instead and
  ``eigenvector_method`` says ``"pagerank"``.
- ``leverage``: out-degree ÷ in-degree (a factor that drives more than it is driven has leverage
  > 1). Undefined (``None``) when nothing influences the factor (in-degree 0); in rankings such a
  pure driver ranks above every finite value (by its out-degree), an isolated factor last.
- ``reach``: the number of factors downstream of it (``len(nx.descendants(G, f))``).
- ``loops``: the number of elementary feedback loops of up to ``loop_length`` links (default 6, as
  ``graph.analysis.loops``) that pass through the factor — "which factors sit on the most loops?".
  Counting stops after :data:`LOOP_COUNT_LIMIT` loops; ``loops_complete`` then says ``False`` and
  the counts are lower bounds.

>>> import networkx as nx
>>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")])
>>> c = centrality(G)
>>> c["factors"]["b"]["in_degree"], c["factors"]["a"]["leverage"], c["factors"]["a"]["reach"]
(2, None, 2)
>>> [row["id"] for row in top(G, "reach", 2)["factors"]]
['a', 'b']
>>> c["factors"]["b"]["loops"], c["factors"]["a"]["loops"], c["loops_complete"]
(1, 0, True)
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from graph.analysis.common import check_digraph, factor_ref, ordered

MEASURES = (
    "in_degree", "out_degree", "degree", "betweenness", "closeness", "eigenvector", "leverage", "reach",
    "loops",
)
# The loops measure counts loops of up to this many links, and stops counting after this many loops.
LOOP_LENGTH = 6
LOOP_COUNT_LIMIT = 200_000


def loop_counts(
    G: nx.DiGraph, max_length: int = LOOP_LENGTH, count_limit: int = LOOP_COUNT_LIMIT,
) -> tuple[dict[Hashable, int], bool]:
    """Per factor, how many elementary loops of up to ``max_length`` links pass through it; and
    whether every such loop was counted (``False`` when ``count_limit`` stopped the count)."""
    counts = dict.fromkeys(G, 0)
    for seen, loop in enumerate(nx.simple_cycles(G, length_bound=max_length)):
        if seen >= count_limit:
            return counts, False
        for factor in loop:
            counts[factor] += 1
    return counts, True


def centrality(
    G: nx.DiGraph, eigenvector_max_iter: int = 1000, loop_length: int = LOOP_LENGTH,
) -> dict[str, Any]:
    """Every measure for every factor: ``{"factors": {id: {measure: value}}, "eigenvector_method",
    "loop_length", "loops_complete"}``."""
    check_digraph(G)
    if len(G) == 0:
        return {"factors": {}, "eigenvector_method": "eigenvector", "loop_length": loop_length,
                "loops_complete": True}
    on_loops, loops_complete = loop_counts(G, loop_length)
    betweenness = nx.betweenness_centrality(G)
    closeness = nx.closeness_centrality(G)
    try:
        eigen = nx.eigenvector_centrality(G, max_iter=eigenvector_max_iter)
        method = "eigenvector"
    except nx.PowerIterationFailedConvergence:
        eigen = nx.pagerank(G)
        method = "pagerank"
    factors = {}
    for n in ordered(G):
        ins, outs = G.in_degree(n), G.out_degree(n)
        factors[n] = {
            "in_degree": ins, "out_degree": outs, "degree": G.degree(n),
            "betweenness": betweenness[n], "closeness": closeness[n], "eigenvector": eigen[n],
            "leverage": outs / ins if ins else None,
            "reach": len(nx.descendants(G, n)),
            "loops": on_loops[n],
        }
    return {"factors": factors, "eigenvector_method": method, "loop_length": loop_length,
            "loops_complete": loops_complete}


def _rank_key(measure: str, values: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key, highest first; ties in natural id order (the sort is stable)."""
    value = values[measure]
    if measure == "leverage" and value is None:
        # Pure drivers (in-degree 0) above every ratio, by out-degree; isolated factors last.
        return (2, values["out_degree"]) if values["out_degree"] else (0, 0)
    return (1, value)


def ranked(G: nx.DiGraph, measure: str, eigenvector_max_iter: int = 1000) -> tuple[list[Hashable], dict]:
    """Factors from highest to lowest ``measure``, and the full :func:`centrality` answer."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")
    every = centrality(G, eigenvector_max_iter)
    return _descending(every["factors"], measure), every


def _descending(values: dict[Hashable, dict[str, Any]], measure: str) -> list[Hashable]:
    """Highest first; equal values keep natural id order (``values`` is in natural order)."""
    keyed = [(_rank_key(measure, v), i, n) for i, (n, v) in enumerate(values.items())]
    keyed.sort(key=lambda t: (tuple(-k for k in t[0]), t[1]))
    return [n for _, _, n in keyed]


def top(G: nx.DiGraph, measure: str = "degree", n: int = 10, eigenvector_max_iter: int = 1000) -> dict:
    """The ``n`` factors highest by ``measure``, each with its rank and every measure."""
    if n < 1:
        raise ValueError("n must be ≥ 1")
    order, every = ranked(G, measure, eigenvector_max_iter)
    return {
        "measure": measure, "eigenvector_method": every["eigenvector_method"],
        "factors": [
            {**factor_ref(G, f), "rank": i + 1, **every["factors"][f]} for i, f in enumerate(order[:n])
        ],
    }


def factor_centrality(G: nx.DiGraph, factor: Hashable, eigenvector_max_iter: int = 1000) -> dict:
    """Every measure for one factor, with its rank by each (1 = highest; ties in natural id order)."""
    if factor not in G:
        raise nx.NodeNotFound(f"factor {factor!r} is not in the map")
    every = centrality(G, eigenvector_max_iter)
    ranks = {m: _descending(every["factors"], m).index(factor) + 1 for m in MEASURES}
    return {
        **factor_ref(G, factor), "eigenvector_method": every["eigenvector_method"],
        "values": every["factors"][factor], "ranks": ranks, "of": len(G),
    }

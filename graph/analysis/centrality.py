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


# Measures that cost one pass over the factors; computed for every answer.
CHEAP = ("in_degree", "out_degree", "degree", "leverage")
# Per-factor measures that cost one graph search per factor: computed for the listed rows only
# (and for every factor when they are the measure asked for).
PER_FACTOR = ("closeness", "reach")
# Measures of the whole map at once (betweenness is O(n·m)): computed only when asked for.
WHOLE_MAP = ("betweenness", "eigenvector", "loops")


def centrality(
    G: nx.DiGraph, eigenvector_max_iter: int = 1000, measures: tuple[str, ...] = MEASURES,
    loop_length: int = LOOP_LENGTH,
) -> dict[str, Any]:
    """The ``measures`` (default every one) for every factor:
    ``{"factors": {id: {measure: value}}, "eigenvector_method", "loop_length", "loops_complete"}``;
    a measure not asked for is None, and so is ``eigenvector_method`` unless ``eigenvector`` is
    asked for (``loops_complete`` unless ``loops`` is).

    Computing only what is asked matters: on a 5,000-factor / 20,000-link map betweenness takes
    minutes, the degree family a few milliseconds.
    """
    check_digraph(G)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise ValueError(f"unknown measure {unknown[0]!r}; one of {', '.join(MEASURES)}")
    wanted = set(measures)
    method = None
    if len(G) == 0:
        return {"factors": {}, "eigenvector_method": "eigenvector" if "eigenvector" in wanted else None,
                "loop_length": loop_length, "loops_complete": True if "loops" in wanted else None}
    betweenness = nx.betweenness_centrality(G) if "betweenness" in wanted else {}
    closeness = nx.closeness_centrality(G) if "closeness" in wanted else {}
    eigen: dict[Hashable, float] = {}
    if "eigenvector" in wanted:
        try:
            eigen = nx.eigenvector_centrality(G, max_iter=eigenvector_max_iter)
            method = "eigenvector"
        except nx.PowerIterationFailedConvergence:
            eigen = nx.pagerank(G)
            method = "pagerank"
    reach = reach_counts(G) if "reach" in wanted else {}
    on_loops, loops_complete = loop_counts(G, loop_length) if "loops" in wanted else ({}, None)
    factors = {}
    for n in ordered(G):
        ins, outs = G.in_degree(n), G.out_degree(n)
        factors[n] = {
            "in_degree": ins, "out_degree": outs, "degree": G.degree(n),
            "betweenness": betweenness.get(n), "closeness": closeness.get(n), "eigenvector": eigen.get(n),
            "leverage": outs / ins if ins else None,
            "reach": reach[n] if reach else None,
            "loops": on_loops.get(n),
        }
    return {"factors": factors, "eigenvector_method": method, "loop_length": loop_length,
            "loops_complete": loops_complete}


def reach_counts(G: nx.DiGraph) -> dict[Hashable, int]:
    """``len(nx.descendants(G, n))`` for every factor, in one pass over the condensation.

    Factors of one strongly connected component reach the same factors, so each component's
    downstream set is built once, as a bitset (a Python int), from its successors' sets in reverse
    topological order: O(components × links / word size) instead of a search per factor.
    """
    cond = nx.condensation(G)
    members = cond.graph["mapping"]  # factor → component
    bits: dict[int, int] = {}
    position = {n: i for i, n in enumerate(G)}
    for c in reversed(list(nx.topological_sort(cond))):
        mask = 0
        for n in cond.nodes[c]["members"]:
            mask |= 1 << position[n]
        for d in cond.successors(c):
            mask |= bits[d]
        bits[c] = mask
    # The component's own members are in its set; the factor itself is not its own descendant.
    return {n: bits[members[n]].bit_count() - 1 for n in G}


def _inward_closeness(G: nx.DiGraph, node: Hashable) -> float:
    """``nx.closeness_centrality(G, u=node)`` by one breadth-first search over predecessors
    (networkx copies the whole reversed graph on every call)."""
    pred = G.pred
    seen = {node}
    layer, depth, total = [node], 0, 0
    while layer:
        depth += 1
        nxt = [u for v in layer for u in pred[v] if u not in seen and not seen.add(u)]
        total += depth * len(nxt)
        layer = nxt
    reached, n = len(seen) - 1, len(G)
    if total <= 0 or n <= 1:
        return 0.0
    return (reached / total) * (reached / (n - 1))  # Wasserman–Faust, as networkx's wf_improved


def _fill_per_factor(G: nx.DiGraph, rows: dict[Hashable, dict[str, Any]]) -> dict[Hashable, dict[str, Any]]:
    """The listed ``rows`` with closeness (one search each) and reach (one pass) filled in."""
    reach = reach_counts(G) if any(v["reach"] is None for v in rows.values()) else {}
    filled = {}
    for node, values in rows.items():
        closeness = values["closeness"]
        filled[node] = {**values, "closeness": _inward_closeness(G, node) if closeness is None else closeness,
                        "reach": reach[node] if values["reach"] is None else values["reach"]}
    return filled


def _rank_key(measure: str, values: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key, highest first; ties in natural id order (the sort is stable)."""
    value = values[measure]
    if measure == "leverage" and value is None:
        # Pure drivers (in-degree 0) above every ratio, by out-degree; isolated factors last.
        return (2, values["out_degree"]) if values["out_degree"] else (0, 0)
    return (1, value)


def ranked(G: nx.DiGraph, measure: str, eigenvector_max_iter: int = 1000) -> tuple[list[Hashable], dict]:
    """Factors from highest to lowest ``measure``, and :func:`centrality` of that measure only."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")
    every = centrality(G, eigenvector_max_iter, measures=(measure,))
    return _descending(every["factors"], measure), every


def _descending(values: dict[Hashable, dict[str, Any]], measure: str) -> list[Hashable]:
    """Highest first; equal values keep natural id order (``values`` is in natural order)."""
    keyed = [(_rank_key(measure, v), i, n) for i, (n, v) in enumerate(values.items())]
    keyed.sort(key=lambda t: (tuple(-k for k in t[0]), t[1]))
    return [n for _, _, n in keyed]


def top(G: nx.DiGraph, measure: str = "degree", n: int = 10, eigenvector_max_iter: int = 1000) -> dict:
    """The ``n`` factors highest by ``measure``, each with its rank, the cheap measures, closeness and
    reach (one search per listed factor); betweenness and eigenvector only when they are ``measure``."""
    if n < 1:
        raise ValueError("n must be ≥ 1")
    order, every = ranked(G, measure, eigenvector_max_iter)
    rows = _fill_per_factor(G, {f: every["factors"][f] for f in order[:n]})
    return {
        "measure": measure, "eigenvector_method": every["eigenvector_method"],
        "factors": [
            {**factor_ref(G, f), "rank": i + 1, **rows[f]} for i, f in enumerate(order[:n])
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

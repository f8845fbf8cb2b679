"""Causal paths: what lies upstream and downstream of a factor, and the paths between two factors.

The *polarity* of a path is the product of its links' polarities: ``positive`` when more of the
first factor leads (along that path) to more of the last, ``negative`` when it leads to less.
Upstream and downstream report the polarity of the *shortest* paths; when several shortest paths
disagree the answer is ``mixed``.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_edge("a", "b", polarity=1); G.add_edge("b", "d", polarity=-1)
>>> G.add_edge("a", "c", polarity=1); G.add_edge("c", "d", polarity=1)
>>> [(f["id"], f["distance"], f["polarity"]) for f in downstream(G, "a")["factors"]]
[('b', 1, 'positive'), ('c', 1, 'positive'), ('d', 2, 'mixed')]
>>> [(f["id"], f["polarity"]) for f in upstream(G, "d", steps=1)["factors"]]
[('b', 'negative'), ('c', 'positive')]
>>> r = paths(G, "a", "d")
>>> r["shortest"]["length"], r["shortest"]["count"], r["totals"]
(2, 2, {'positive': 1, 'negative': 1, 'unknown': 0, 'total': 2})
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import islice
from typing import Any

import networkx as nx

from graph.analysis.common import (
    causal,
    check_digraph,
    factor_ref,
    indexed,
    ordered,
    path_polarity,
    sign,
    split_weight,
)
from graph.analysis.search import (
    Budget,
    bounds_report,
    deepen,
    distances_to,
    paths_of_length,
    predecessors,
)


def downstream(G: nx.DiGraph, factor: Hashable, steps: int = 2) -> dict[str, Any]:
    """Factors ``factor`` influences within ``steps`` links, with the polarity from it to them."""
    return _neighbourhood(G, factor, steps, forward=True)


def upstream(G: nx.DiGraph, factor: Hashable, steps: int = 2) -> dict[str, Any]:
    """Factors that influence ``factor`` within ``steps`` links, with the polarity from them to it."""
    return _neighbourhood(G, factor, steps, forward=False)


def _neighbourhood(G: nx.DiGraph, factor: Hashable, steps: int, forward: bool) -> dict[str, Any]:
    """Breadth-first by layers, carrying for every factor the set of signs of its shortest paths,
    their number, and one of them (the first in natural order) to draw."""
    check_digraph(G)
    if factor not in G:
        raise nx.NodeNotFound(f"factor {factor!r} is not in the map")
    if steps < 1:
        raise ValueError("steps must be ≥ 1")
    distance = {factor: 0}
    signs: dict[Hashable, set[int]] = {factor: {1}}
    count = {factor: 1}
    path = {factor: [factor]}
    layer = [factor]
    for d in range(1, steps + 1):
        reached: list[Hashable] = []
        for v in layer:
            for w in ordered(G.successors(v) if forward else G.predecessors(v)):
                if not (causal(G, v, w) if forward else causal(G, w, v)):
                    continue
                link = sign(G, v, w) if forward else sign(G, w, v)
                if w not in distance:
                    distance[w], signs[w], count[w] = d, set(), 0
                    path[w] = [*path[v], w] if forward else [w, *path[v]]
                    reached.append(w)
                if distance[w] == d:
                    signs[w] |= {link * s for s in signs[v]}
                    count[w] += count[v]
        layer = reached
    # Nearest first; at equal distance in natural order (the sort is stable).
    found = sorted(ordered(n for n in distance if n != factor), key=lambda n: distance[n])
    return {
        "factor": factor_ref(G, factor), "direction": "downstream" if forward else "upstream",
        "steps": steps, "count": len(found),
        "factors": [
            {**factor_ref(G, n), "distance": distance[n], "polarity": _sign_name(signs[n]),
             "shortest_paths": count[n], "path": path[n]}
            for n in found
        ],
    }


def _sign_name(signs: set[int]) -> str:
    """The polarity of the shortest paths: one sign, ``mixed``, or ``unknown`` (0: a link of unknown
    polarity on every one of them)."""
    if len(signs) > 1:
        return "mixed"
    return {1: "positive", -1: "negative"}.get(next(iter(signs)), "unknown")


def paths(
    G: nx.DiGraph,
    source: Hashable,
    target: Hashable,
    max_length: int = 6,
    limit: int = 100,
    count_limit: int | None = 1_000_000,
    time_budget: float | None = None,
) -> dict[str, Any]:
    """Shortest paths and every simple path of up to ``max_length`` links from ``source`` to
    ``target``, each with its polarity; totals by polarity; bounds reported as for loops.

    ``shortest`` (length, how many, the first ``limit``) is given even when longer than
    ``max_length``; it is None when ``target`` cannot be reached.
    """
    check_digraph(G)
    for end in (source, target):
        if end not in G:
            raise nx.NodeNotFound(f"factor {end!r} is not in the map")
    if source == target:
        raise ValueError("source and target are the same factor: its loops are the paths back to it")
    if max_length < 1 or limit < 0 or (count_limit is not None and count_limit < 1):
        raise ValueError("max_length and count_limit must be ≥ 1 and limit ≥ 0")

    nodes, succ = indexed(G)
    s, t = nodes.index(source), nodes.index(target)
    pred = predecessors(succ)
    # A simple path never comes back to its source, so distances to the target avoid it.
    dist = distances_to(pred, t, len(nodes), lambda u: u != s)
    shortest_length = min((1 + dist[w] for w, _ in succ[s] if w in dist), default=None)

    def entry(path: list[int], total: int) -> dict[str, Any]:
        negs, unknowns = split_weight(total)
        return {"factors": [factor_ref(G, nodes[i]) for i in path], "length": len(path) - 1,
                "polarity": path_polarity(total), "negative_links": negs, "unknown_links": unknowns}

    shortest = None
    if shortest_length is not None:
        first = islice(paths_of_length(succ, s, t, shortest_length, dist, Budget()), limit)
        shortest = {"length": shortest_length, "count": _count_shortest(G, source, target),
                    "paths": [entry(p, n) for p, n in first]}

    budget = Budget(count_limit, time_budget)
    lengths = range(shortest_length or 1, max_length + 1) if shortest_length else range(0)
    tally = deepen(lambda n: paths_of_length(succ, s, t, n, dist, budget), lengths, budget, limit)
    # Only factors downstream of the source and upstream of the target can be on a path.
    between = (nx.descendants(G, source) & nx.ancestors(G, target)) - {source, target}
    why_longer = (f"{len(between)} factors lie between them, so longer paths may exist"
                  if shortest_length and len(between) + 1 > max_length else None)
    cut_by, notes = bounds_report(budget, tally, max_length, why_longer, "paths")
    return {
        "from": factor_ref(G, source), "to": factor_ref(G, target),
        "max_length": max_length, "limit": limit, "count_limit": count_limit, "time_budget": time_budget,
        "reachable": shortest is not None, "shortest": shortest,
        "totals": tally.totals("positive", "negative", "unknown"),
        "by_length": tally.by_length("positive", "negative", "unknown"),
        "complete": budget.cut_by is None,
        "complete_up_to_length": max_length if budget.cut_by is None else tally.done_up_to,
        "cut_by": cut_by, "notes": notes, "seconds": round(budget.seconds, 4),
        "paths": [entry(p, n) for p, n in tally.listed],
    }


def _count_shortest(G: nx.DiGraph, source: Hashable, target: Hashable) -> int:
    """How many shortest paths lead from ``source`` to ``target`` (counted by layers, not listed)."""
    distance, count, layer = {source: 0}, {source: 1}, [source]
    while layer and target not in distance:
        reached = []
        for v in layer:
            for w in G.successors(v):
                if w not in distance:
                    distance[w], count[w] = distance[v] + 1, 0
                    reached.append(w)
                if distance[w] == distance[v] + 1:
                    count[w] += count[v]
        layer = reached
    return count.get(target, 0)

"""Feedback loops: every elementary loop of a system map up to a length, with its polarity.

A loop is *reinforcing* when it has an even number of negative links (a change comes back
amplified) and *balancing* when the number is odd (a change comes back opposed). A loop with a link
of unknown polarity is *undetermined*: totals are reinforcing / balancing / undetermined. Self-loops
(length 1) and two-factor loops (A → B → A) count; links drawn without direction do not.

The number of loops grows fast with their length (the Foresight obesity map has 193 loops of up to
6 links and millions in all), so the search is bounded, and the answer says which bound cut it:

- ``max_length``: loops longer than this are not looked for. Reported (``cut_by`` has
  ``"max_length"``) when a strongly connected part of the map has more factors than
  ``max_length``, i.e. when longer loops *may* exist.
- ``count_limit``: stop counting after this many loops (the totals are then a lower bound).
- ``time_budget``: stop after this many seconds (same).
- ``limit``: list at most this many loops; the totals still count every loop found.

Loops are found shortest first (iterative deepening), so when counting stops early the totals are
exact for every length up to ``complete_up_to_length``. Each loop starts at its lowest factor in
natural id order (``m:2`` before ``m:10``) — or, with ``through``, at that factor — and loops are
listed by length, then by that sequence: the same map always gives the same answer.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_edge("a", "b", polarity=-1); G.add_edge("b", "a", polarity=-1)
>>> G.add_edge("b", "c", polarity=1); G.add_edge("c", "a", polarity=1)
>>> r = feedback_loops(G)
>>> r["totals"], r["complete"]
({'reinforcing': 1, 'balancing': 1, 'undetermined': 0, 'total': 2}, True)
>>> [([f["id"] for f in loop["factors"]], loop["polarity"]) for loop in r["loops"]]
[(['a', 'b'], 'reinforcing'), (['a', 'b', 'c'], 'balancing')]
>>> feedback_loops(G, through="c")["totals"]["total"]
1
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

import networkx as nx

from graph.analysis.common import check_digraph, factor_ref, indexed, split_weight
from graph.analysis.search import (
    Budget,
    bounds_report,
    deepen,
    distances_to,
    paths_of_length,
    predecessors,
)


def loop_polarity(negative_links: int, unknown_links: int = 0) -> str:
    """``reinforcing`` for an even number of negative links, ``balancing`` for an odd one,
    ``undetermined`` when a link's polarity is unknown."""
    if unknown_links:
        return "undetermined"
    return "balancing" if negative_links % 2 else "reinforcing"


def _loop(G: nx.DiGraph, nodes: list[Hashable], path: list[int], total: int) -> dict[str, Any]:
    negs, unknowns = split_weight(total)
    return {"factors": [factor_ref(G, nodes[i]) for i in path], "length": len(path),
            "polarity": loop_polarity(negs, unknowns), "negative_links": negs, "unknown_links": unknowns}


def feedback_loops(
    G: nx.DiGraph,
    max_length: int = 6,
    limit: int = 100,
    through: Hashable | None = None,
    count_limit: int | None = 1_000_000,
    time_budget: float | None = None,
) -> dict[str, Any]:
    """Elementary feedback loops of ``G`` of up to ``max_length`` links (see the module docstring).

    Returns ``totals`` (reinforcing, balancing, undetermined, total), ``by_length``, ``loops`` (the first
    ``limit``: factors in order, length, polarity, negative links), ``complete`` (the totals count
    every loop of up to ``max_length`` links), ``complete_up_to_length``, ``cut_by`` (the bounds
    that cut the answer), ``notes`` (the same in words) and ``seconds``.
    """
    check_digraph(G)
    if max_length < 1 or limit < 0 or (count_limit is not None and count_limit < 1):
        raise ValueError("max_length and count_limit must be ≥ 1 and limit ≥ 0")
    if through is not None and through not in G:
        raise nx.NodeNotFound(f"factor {through!r} is not in the map")

    nodes, succ = indexed(G)
    part_of, part_size = _strong_parts(G, nodes)
    # Links between strongly connected parts can never be on a loop: drop them once.
    succ = [[(v, neg) for v, neg in outs if part_of[v] == part_of[u]] for u, outs in enumerate(succ)]
    pred = predecessors(succ)
    if through is None:
        starts = [i for i, outs in enumerate(succ) if outs]
    else:
        starts = [nodes.index(through)] if succ[nodes.index(through)] else []
    longest_possible = max((part_size[part_of[s]] for s in starts), default=0)

    budget = Budget(count_limit, time_budget)
    dist_cache: dict[int, dict[int, int]] = {}

    def loops_of_length(length: int) -> Iterator[tuple[list[int], int]]:
        for s in starts:
            if part_size[part_of[s]] < length:
                continue  # an elementary loop never has more factors than its strong part
            low = -1 if through is not None else s  # otherwise a loop is found from its lowest factor
            if s not in dist_cache:
                # One breadth-first search per start: on a large map thousands of them pass between
                # two looks the step counter takes at the clock, so look before each.
                if budget.expired():
                    return
                dist_cache[s] = distances_to(pred, s, max_length - 1, lambda u, low=low: u > low)
            yield from paths_of_length(succ, s, s, length, dist_cache[s], budget, low=low)
            if budget.cut_by:
                return

    tally = deepen(loops_of_length, range(1, min(max_length, longest_possible) + 1), budget, limit)
    why_longer = (f"a strongly connected part has {longest_possible} factors, so longer loops may exist"
                  if longest_possible > max_length else None)
    cut_by, notes = bounds_report(budget, tally, max_length, why_longer, "loops")
    return {
        "max_length": max_length, "limit": limit, "count_limit": count_limit,
        "time_budget": time_budget,
        "through": None if through is None else factor_ref(G, through),
        "totals": tally.totals("reinforcing", "balancing", "undetermined"),
        "by_length": tally.by_length("reinforcing", "balancing", "undetermined"),
        "complete": budget.cut_by is None,
        "complete_up_to_length": max_length if budget.cut_by is None else tally.done_up_to,
        "cut_by": cut_by,
        "notes": notes,
        "seconds": round(budget.seconds, 4),
        "loops": [_loop(G, nodes, path, total) for path, total in tally.listed],
    }


def _strong_parts(G: nx.DiGraph, nodes: list[Hashable]) -> tuple[list[int], list[int]]:
    """Per node index, the number of its strongly connected part; and each part's size."""
    index = {n: i for i, n in enumerate(nodes)}
    part_of = [0] * len(nodes)
    sizes = []
    for k, part in enumerate(nx.strongly_connected_components(G)):
        sizes.append(len(part))
        for n in part:
            part_of[index[n]] = k
    return part_of, sizes

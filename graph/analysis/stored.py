"""The analyses on systems stored in Neo4j: what the API routes and the CLI call.

Each function reads the system once (``graph.systems.system.read_system_graph``, one read transaction;
404 when it is missing), resolves factor references (full id, local id or exact name; 404 naming
an unknown one), runs the pure analysis, and answers plain JSON-ready data with the system id.
Bounds the callers may ask for are capped by :data:`CAPS` (the API answers 422 beyond them).

>>> from graph.core.db import connect                                    # doctest: +SKIP
>>> system_loops(connect(), "foresight-obesity", max_length=4)["totals"]   # doctest: +SKIP
{'reinforcing': 29, 'balancing': 14, 'total': 43}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from graph.analysis.centrality import factor_centrality, top
from graph.analysis.common import factor_ref, ordered, resolve_factor
from graph.analysis.communities import communities
from graph.analysis.loops import feedback_loops
from graph.analysis.paths import downstream, paths, upstream
from graph.analysis.trophic import trophic_levels
from graph.core.db import Graph
from graph.core.errors import NotFound, RuleBroken
from graph.systems.system import read_system_graph

T = TypeVar("T")

# The largest bounds a caller may ask for: beyond these an answer would not stay bounded in time
# or size (the searches also stop at count_limit and time_budget, and say so).
CAPS = {
    "max_length": 50, "limit": 10_000, "count_limit": 10_000_000, "time_budget": 120.0,
    "steps": 50, "top": 10_000, "depth": 50,
}
DEFAULTS = {"max_length": 6, "limit": 100, "count_limit": 1_000_000, "time_budget": 20.0, "steps": 2}


def _refused(work: Callable[[], T]) -> T:
    """A parameter the analysis refuses becomes a 422 naming it."""
    try:
        return work()
    except ValueError as exc:
        raise RuleBroken("bad_parameter", str(exc)) from None


# --- the analyses on a graph already read: what the API runs in its worker processes ----------


def loops_of(
    G: nx.DiGraph, system_id: str, max_length: int = 6, limit: int = 100, through: str | None = None,
    count_limit: int | None = 1_000_000, time_budget: float | None = 20.0,
) -> dict[str, Any]:
    """Feedback loops of a system (:func:`graph.analysis.loops.feedback_loops`)."""
    factor = resolve_factor(G, through, system_id) if through is not None else None
    return {"system": system_id, **_refused(lambda: feedback_loops(
        G, max_length=max_length, limit=limit, through=factor, count_limit=count_limit,
        time_budget=time_budget))}


def centrality_of(
    G: nx.DiGraph, system_id: str, measure: str = "degree", top_n: int = 10, factor: str | None = None,
) -> dict[str, Any]:
    """Top ``top_n`` factors by ``measure`` (only that measure is computed over the whole map), or
    every measure of one ``factor`` with its ranks."""
    if factor is not None:
        node = resolve_factor(G, factor, system_id)
        one = _refused(lambda: factor_centrality(G, node))
        return {"system": system_id, "measure": measure, "factor": one}
    answer = _refused(lambda: top(G, measure, top_n))
    return {"system": system_id, **answer, "of": len(G)}


def neighbourhood_of(G: nx.DiGraph, system_id: str, factor: str, direction: str, steps: int = 2) -> dict:
    """Factors upstream or downstream of ``factor`` within ``steps``, with path polarity."""
    node = resolve_factor(G, factor, system_id)
    search = {"upstream": upstream, "downstream": downstream}[direction]
    return {"system": system_id, **_refused(lambda: search(G, node, steps))}


def paths_of(
    G: nx.DiGraph, system_id: str, source: str, target: str, max_length: int = 6, limit: int = 100,
    count_limit: int | None = 1_000_000, time_budget: float | None = 20.0,
) -> dict[str, Any]:
    """Shortest and all simple paths (bounded) between two factors, with polarity."""
    s, t = resolve_factor(G, source, system_id), resolve_factor(G, target, system_id)
    if s == t:
        raise RuleBroken("same_factor", f"from and to are the same factor {s!r}; its loops "
                         "(loops?through=) are the paths back to it", factor=s)
    return {"system": system_id, **_refused(lambda: paths(
        G, s, t, max_length=max_length, limit=limit, count_limit=count_limit, time_budget=time_budget))}


def communities_of(G: nx.DiGraph, system_id: str, seed: int = 42, resolution: float = 1.0) -> dict:
    """Louvain communities next to the map's clusters."""
    return {"system": system_id, **_refused(lambda: communities(G, seed=seed, resolution=resolution)),
            "names": _names(G)}


def trophic_of(G: nx.DiGraph, system_id: str) -> dict[str, Any]:
    """Trophic level per factor; 422 for a system without factors."""
    if len(G) == 0:
        raise RuleBroken("empty_system", f"system {system_id!r} has no factors: no trophic levels",
                         system=system_id)
    return {"system": system_id, **trophic_levels(G), "names": _names(G)}


def _names(G: nx.DiGraph) -> dict[str, Any]:
    """Factor id → name, for answers that list ids (people read names)."""
    return {n: G.nodes[n].get("name") for n in ordered(G)}


# --- the same on systems stored in Neo4j (the CLI; the API reads first, then runs the above) -----


def system_loops(graph: Graph, system_id: str, *bounds: Any, **named: Any) -> dict[str, Any]:
    """:func:`loops_of` the stored system (404 when missing); same arguments after ``system_id``."""
    return loops_of(read_system_graph(graph, system_id), system_id, *bounds, **named)


def system_centrality(
    graph: Graph, system_id: str, measure: str = "degree", top_n: int = 10, factor: str | None = None,
) -> dict[str, Any]:
    """:func:`centrality_of` the stored system."""
    return centrality_of(read_system_graph(graph, system_id), system_id, measure, top_n, factor)


def system_neighbourhood(graph: Graph, system_id: str, factor: str, direction: str, steps: int = 2) -> dict:
    """:func:`neighbourhood_of` the stored system."""
    return neighbourhood_of(read_system_graph(graph, system_id), system_id, factor, direction, steps)


def system_paths(
    graph: Graph, system_id: str, source: str, target: str, *bounds: Any, **named: Any,
) -> dict[str, Any]:
    """:func:`paths_of` the stored system; same arguments after ``target``."""
    return paths_of(read_system_graph(graph, system_id), system_id, source, target, *bounds, **named)


def system_communities(graph: Graph, system_id: str, seed: int = 42, resolution: float = 1.0) -> dict:
    """:func:`communities_of` the stored system."""
    return communities_of(read_system_graph(graph, system_id), system_id, seed, resolution)


def system_trophic(graph: Graph, system_id: str) -> dict[str, Any]:
    """:func:`trophic_of` the stored system."""
    return trophic_of(read_system_graph(graph, system_id), system_id)


def cycle_factors_inputs(
    graph: Graph, cycle_id: str, depth: int | None = None,
) -> tuple[dict[str, Any], dict[str, nx.DiGraph]]:
    """What :func:`cycle_factors_of` needs from Neo4j: the cycle's interventions and the graph of
    every system they touch. 404: unknown cycle."""
    rows = graph.read("questions/cycle_factors", cycle_id=cycle_id, depth=depth)
    if not rows:
        raise NotFound("learning cycle", cycle_id)
    row = rows[0]
    systems = {hit["system"] for hit in row["interventions"] if hit["system"] is not None}
    return row, {system_id: read_system_graph(graph, system_id) for system_id in ordered(systems)}


def cycle_factors(
    graph: Graph, cycle_id: str, depth: int | None = None, max_length: int = 6, loop_limit: int = 10,
    count_limit: int | None = 100_000, time_budget: float | None = 20.0,
) -> dict[str, Any]:
    """Which factors the experiments of ``cycle_id`` and of the cycles below it intervene on,
    grouped by system; per factor the cycles and experiments acting on it and the feedback loops
    (up to ``max_length`` links; the first ``loop_limit`` listed) it sits in. 404: unknown cycle."""
    row, graphs = cycle_factors_inputs(graph, cycle_id, depth)
    return cycle_factors_of(row, graphs, depth, max_length, loop_limit, count_limit, time_budget)


def cycle_factors_of(
    row: dict[str, Any], graphs: dict[str, nx.DiGraph], depth: int | None = None, max_length: int = 6,
    loop_limit: int = 10, count_limit: int | None = 100_000, time_budget: float | None = 20.0,
) -> dict[str, Any]:
    """:func:`cycle_factors` on what :func:`cycle_factors_inputs` read."""
    by_system: dict[str | None, dict[str, list[dict[str, Any]]]] = {}
    for hit in row["interventions"]:
        by_system.setdefault(hit["system"], {}).setdefault(hit["factor"], []).append(hit)
    systems = []
    for system_id in ordered(s for s in by_system if s is not None):
        G = graphs[system_id]
        systems.append({
            "id": system_id, "name": G.graph.get("name"),
            "factors": [_acted_on(G, fid, by_system[system_id][fid], max_length, loop_limit, count_limit,
                                  time_budget) for fid in ordered(by_system[system_id])],
        })
    return {
        "cycle": {"id": row["id"], "name": row["name"]}, "depth": depth, "max_length": max_length,
        "cycles": row["cycles"], "systems": systems,
        "factor_count": sum(len(s["factors"]) for s in systems),
        # Only a factor stored without its system (not the DESIGN shape) lands here.
        "unassigned_factors": sorted(by_system.get(None, {})),
    }


def _acted_on(
    G: nx.DiGraph, factor: str, hits: list[dict[str, Any]], max_length: int, loop_limit: int,
    count_limit: int | None, time_budget: float | None,
) -> dict[str, Any]:
    loops = feedback_loops(G, max_length=max_length, limit=loop_limit, through=factor,
                           count_limit=count_limit, time_budget=time_budget)
    return {
        **factor_ref(G, factor), "cluster": G.nodes[factor].get("cluster"),
        "cycles": sorted({h["cycle"] for h in hits}),
        "experiments": sorted({h["experiment"] for h in hits}),
        "interventions": [{"cycle": h["cycle"], "experiment": h["experiment"]} for h in hits],
        "loops": {key: loops[key] for key in
                  ("totals", "complete", "complete_up_to_length", "cut_by", "notes", "loops")},
    }

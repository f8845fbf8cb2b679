"""System analysis over HTTP: feedback loops, centrality, upstream/downstream, paths, communities
and trophic levels of a stored outcome system, and the factors a learning cycle's experiments (and
those of the cycles below it) act on.

Factor references (``fid``, ``through``, ``from``, ``to``) take the full id
(``foresight-obesity:12``), the local id (``12``) or the exact name; an unknown one is a 404
naming it. Bounds outside their range are refused with 422 (see ``graph.analysis.stored.CAPS``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.api.params import AnalysisLimit, Depth
from app.deps import GraphDep
from app.models.analysis import Centrality, Communities, CycleFactors, Loops, Neighbourhood, Paths, Trophic
from graph.analysis import stored
from graph.analysis.centrality import MEASURES

router = APIRouter(tags=["analysis"])
CAPS, DEFAULTS = stored.CAPS, stored.DEFAULTS

MaxLength = Annotated[int, Query(ge=1, le=CAPS["max_length"], description="longest loop/path, in links")]
CountLimit = Annotated[int, Query(ge=1, le=CAPS["count_limit"],
                                  description="stop counting after this many (the answer says so)")]
TimeBudget = Annotated[float, Query(gt=0, le=CAPS["time_budget"],
                                    description="stop counting after this many seconds (the answer says so)")]
Steps = Annotated[int, Query(ge=1, le=CAPS["steps"], description="links to follow")]
Measure = Literal[MEASURES]  # the measures graph.analysis.centrality knows


@router.get("/systems/{system_id}/loops", response_model=Loops)
def loops(
    system_id: str, graph: GraphDep, max_length: MaxLength = DEFAULTS["max_length"],
    limit: AnalysisLimit = DEFAULTS["limit"],
    through: Annotated[str | None, Query(description="only loops through this factor")] = None,
    count_limit: CountLimit = DEFAULTS["count_limit"], time_budget: TimeBudget = DEFAULTS["time_budget"],
) -> dict:
    """Elementary feedback loops, reinforcing or balancing, shortest first; totals by polarity."""
    return stored.system_loops(graph, system_id, max_length=max_length, limit=limit, through=through,
                               count_limit=count_limit, time_budget=time_budget)


@router.get("/systems/{system_id}/centrality", response_model=Centrality)
def centrality(
    system_id: str, graph: GraphDep, measure: Measure = "degree",
    top: Annotated[int, Query(ge=1, le=CAPS["top"], description="how many factors")] = 10,
    factor: Annotated[str | None, Query(description="every measure of this one factor")] = None,
) -> dict:
    """The top factors by a measure, or one factor's measures with its rank by each."""
    return stored.system_centrality(graph, system_id, measure=measure, top_n=top, factor=factor)


@router.get("/systems/{system_id}/factors/{fid}/upstream", response_model=Neighbourhood)
def factor_upstream(system_id: str, fid: str, graph: GraphDep, steps: Steps = DEFAULTS["steps"]) -> dict:
    """Factors that influence this one within ``steps`` links, with the polarity of the influence."""
    return stored.system_neighbourhood(graph, system_id, fid, "upstream", steps)


@router.get("/systems/{system_id}/factors/{fid}/downstream", response_model=Neighbourhood)
def factor_downstream(system_id: str, fid: str, graph: GraphDep, steps: Steps = DEFAULTS["steps"]) -> dict:
    """Factors this one influences within ``steps`` links, with the polarity of the influence."""
    return stored.system_neighbourhood(graph, system_id, fid, "downstream", steps)


@router.get("/systems/{system_id}/paths", response_model=Paths)
def causal_paths(
    system_id: str, graph: GraphDep,
    source: Annotated[str, Query(alias="from", description="the factor the paths start at")],
    target: Annotated[str, Query(alias="to", description="the factor the paths end at")],
    max_length: MaxLength = DEFAULTS["max_length"], limit: AnalysisLimit = DEFAULTS["limit"],
    count_limit: CountLimit = DEFAULTS["count_limit"], time_budget: TimeBudget = DEFAULTS["time_budget"],
) -> dict:
    """Shortest paths and every simple path up to ``max_length`` links, each with its polarity."""
    return stored.system_paths(graph, system_id, source, target, max_length=max_length, limit=limit,
                               count_limit=count_limit, time_budget=time_budget)


@router.get("/systems/{system_id}/communities", response_model=Communities)
def system_communities(
    system_id: str, graph: GraphDep,
    seed: Annotated[int, Query(ge=0, description="Louvain's random seed: same seed, same answer")] = 42,
    resolution: Annotated[float, Query(gt=0, le=100, description="above 1: smaller communities")] = 1.0,
) -> dict:
    """Louvain communities side by side with the map's own clusters (contingency, purity, NMI)."""
    return stored.system_communities(graph, system_id, seed=seed, resolution=resolution)


@router.get("/systems/{system_id}/trophic", response_model=Trophic)
def trophic(system_id: str, graph: GraphDep) -> dict:
    """Trophic level of every factor (its position in the causal flow) for a layered layout."""
    return stored.system_trophic(graph, system_id)


@router.get("/cycles/{cycle_id}/factors", response_model=CycleFactors)
def cycle_factors(
    cycle_id: str, graph: GraphDep,
    depth: Depth = None,
    max_length: Annotated[int, Query(ge=1, le=12, description="longest loop looked for")] = 6,
    loop_limit: Annotated[int, Query(ge=0, le=1000, description="loops listed per factor")] = 10,
) -> dict:
    """The factors the experiments of this cycle and of the cycles below it act on, by system, with
    the cycles and experiments acting on each and the feedback loops each sits in."""
    return stored.cycle_factors(graph, cycle_id, depth=depth, max_length=max_length, loop_limit=loop_limit)

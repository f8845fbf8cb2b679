"""The explorer: the analyst's front door, served by the API as HTML pages.

- ``GET /``: systems, the learning stack by scale, recent learning, one search box (``?q=``);
- ``GET /explore/systems/{id}``: a system's map with filters, loops, focus, paths, the factor panel,
  export and a data table; its state lives in the query string (``factor``, ``cluster``,
  ``polarity``, ``layout``, ``loop``, ``focus``/``direction``/``steps``, ``from``/``to``,
  ``max_length``, ``view``), so every view has a URL to share;
- ``GET /explore/cycles/{id}``: a cycle, its stack, and its two questions for people (``depth``,
  ``min_cycles``, ``include_peers`` as a form);
- ``GET /explore/api/search?q=`` and ``GET /explore/api/systems/{id}/factors/{ref}``: the JSON the
  pages' script asks for (ranked search; one factor's panel).

Pages and their errors are HTML (``app.explorer.pages``); the ``/explore/api`` routes answer JSON.
None of these routes is part of the OpenAPI contract (they are the web interface, not the API).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from app.api.routes.questions import Depth, IncludePeers, MinCycles
from app.deps import GraphDep
from app.explorer import data
from app.explorer.pages import ASSETS, STATIC, render_page
from graph.analysis.stored import CAPS
from graph.core.errors import NotFound
from viz.system_map import LAYOUTS

router = APIRouter(include_in_schema=False)
# The script and stylesheet ship with the package: served to every caller, so the login page is
# styled even when HLS_ANONYMOUS=none refuses everything else without a key.
assets = APIRouter(include_in_schema=False)
MaxLength = Annotated[int, Query(ge=1, le=12, description="longest loop, in links")]


@router.get("/")
def home(graph: GraphDep, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """The front door; with ``q`` the search results are in the page (works without script)."""
    hits = data.search(graph, q) if q.strip() else []
    return render_page("home.html", page="home", q=q, hits=hits, **data.home(graph))


@router.get("/maps")
@router.get("/maps/systems")
def maps_index() -> Response:
    """There is no list of maps of its own: the explorer's home lists every system and cycle."""
    return RedirectResponse("/", status_code=307)


@router.get("/explore/systems/{system_id}")
def system_page(system_id: str, graph: GraphDep) -> Response:
    """The system page; the query string is read by the page's script (state restored from it)."""
    return render_page("system.html", page="system", system=data.system_page(graph, system_id),
                       layouts=LAYOUTS, steps_cap=min(CAPS["steps"], 10))


@router.get("/explore/cycles/{cycle_id}")
def cycle_page(
    cycle_id: str, graph: GraphDep, depth: Depth = None, min_cycles: MinCycles = 1,
    include_peers: IncludePeers = False,
) -> Response:
    """The cycle page: the five elements, the stack, and the two questions as ranked tables."""
    answer = data.cycle_page(graph, cycle_id, depth, min_cycles, include_peers)
    return render_page("cycle.html", page="cycle", depth=depth, min_cycles=min_cycles,
                       include_peers=include_peers, system_url=data.system_url,
                       cycle_url=data.cycle_url, **answer)


@router.get("/explore/api/search")
def search(graph: GraphDep, q: Annotated[str, Query(max_length=200)] = "") -> list[dict[str, Any]]:
    """Ranked matches over factors, clusters, cycles, patterns, experiments and actors."""
    return data.search(graph, q)


@router.get("/explore/api/systems/{system_id}/factors/{ref:path}")
def factor(system_id: str, ref: str, graph: GraphDep, max_length: MaxLength = 6) -> dict[str, Any]:
    """One factor for the side panel (by id, local id or name; "did you mean" on a miss)."""
    return data.factor_panel(graph, system_id, ref, max_length)


@assets.get("/explore/assets/{name}")
def asset(name: str) -> Response:
    """The explorer's own script and stylesheet (only these names: nothing else is served)."""
    if name not in ASSETS:
        raise NotFound("asset", name)
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})


__all__ = ["assets", "router"]

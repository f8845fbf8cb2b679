"""Interactive maps as self-contained HTML pages, made to be embedded in any web page (iframe):

- ``GET /maps/systems/{id}``: an outcome system (layout, and one highlight: a loop, a factor's
  upstream/downstream, the paths between two factors, or the factors a cycle acts on);
- ``GET /maps/cycles/{id}/factors``: the factors a cycle and the cycles below it act on, on the map
  of the system they belong to;
- ``GET /maps/cycles/{id}/stack``: the learning stack;
- ``GET /maps/cycles/{id}/learn-from-below`` and ``/enable-below``: the answers, with the same
  parameters (and the same sensitivity rule) as the JSON routes.

Every page carries all its scripts and styles inline and makes no request to any host; the
``Content-Security-Policy`` header (the same policy is in the page) lets only its own two scripts
run. No ``frame-ancestors`` and no ``X-Frame-Options``: any page may embed a map.
A system map's layout, highlight search and page are drawn in the analysis worker pool
(:func:`app.bounded.draw`): a hard budget (503 ``analysis_over_budget`` with ``Retry-After``), killed
when the client goes, the per-client limit (429); kept pages of an unchanged system skip the pool.
Unknown ids answer the usual JSON 404 and impossible highlights a JSON 422 naming the parameter, or
the same as an HTML page to a browser (Accept: text/html); the contract declares both.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from app.api.params import Depth, IncludePeers, MinCycles, ViewerCycle
from app.api.routes.analysis import MaxLength, Steps
from app.bounded import draw, hard_budget
from app.deps import GraphDep, SettingsDep
from app.errors import BUSY_RESPONSES, PAGE_ERROR_RESPONSES
from graph import maps
from graph.core.db import Graph
from graph.core.settings import Settings
from viz.render import content_security_policy
from viz.system_map import Layout

router = APIRouter(prefix="/maps", tags=["maps"])

HTML = {200: {"content": {"text/html": {}}, "description": "a self-contained HTML page (one file)"},
        **PAGE_ERROR_RESPONSES}
SYSTEM_HTML = {**HTML, 429: {**BUSY_RESPONSES[429], "content": PAGE_ERROR_RESPONSES[404]["content"]}}
LayoutQuery = Annotated[Layout, Query(
    description="printed (the map's own positions), trophic (causal flow left to right), force, or auto "
    "(printed when every factor has a position)",
)]


def page(html: str) -> HTMLResponse:
    """The page with headers for embedding: strict CSP, no sniffing, no referrer."""
    return HTMLResponse(html, headers={
        "Content-Security-Policy": content_security_policy(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    })


async def _system_page(
    request: Request, graph: Graph, settings: Settings, system_id: str, layout: Layout,
    highlight: maps.SystemHighlight,
) -> str:
    """Read in a thread, draw in a worker (bounded), keep here."""
    return await draw(request, lambda: maps.read_system_page(graph, system_id, layout, highlight),
                      maps.draw_system_page, hard_budget(settings), maps.keep_system_page)


@router.get("/systems/{system_id}", response_class=HTMLResponse, responses=SYSTEM_HTML)
async def system_map(
    system_id: str, graph: GraphDep, settings: SettingsDep, request: Request, layout: LayoutQuery = "auto",
    loop: Annotated[str | None, Query(description="highlight this loop: its factors in order, "
                                      "comma-separated (ids, local ids or names)")] = None,
    loop_through: Annotated[str | None, Query(description="highlight the first loop through this "
                                              "factor")] = None,
    max_length: MaxLength = 6,
    focus: Annotated[str | None, Query(description="highlight this factor's upstream/downstream")] = None,
    direction: Annotated[maps.Direction, Query(description="with focus")] = "both",
    steps: Steps = 2,
    source: Annotated[str | None, Query(alias="from", description="highlight the shortest paths "
                                        "from this factor …")] = None,
    target: Annotated[str | None, Query(alias="to", description="… to this one")] = None,
    cycle: Annotated[str | None, Query(description="highlight the factors this cycle and the cycles "
                                       "below it act on")] = None,
    depth: Depth = None,
) -> HTMLResponse:
    """The map of an outcome system: factors by cluster, links by polarity (+/−), delays dashed."""
    highlight = maps.SystemHighlight(
        loop=loop, loop_through=loop_through, max_length=max_length, focus=focus, direction=direction,
        steps=steps, source=source, target=target, cycle=cycle, depth=depth,
    )
    return page(await _system_page(request, graph, settings, system_id, layout, highlight))


@router.get("/cycles/{cycle_id}/factors", response_class=HTMLResponse, responses=SYSTEM_HTML)
async def cycle_factors_map(
    cycle_id: str, graph: GraphDep, settings: SettingsDep, request: Request, layout: LayoutQuery = "auto",
    depth: Depth = None,
    system: Annotated[str | None, Query(description="the system to draw (needed when the cycle acts "
                                        "on factors of several)")] = None,
) -> HTMLResponse:
    """The factors this cycle and the cycles below it act on, highlighted on their system's map."""
    system_id = await run_in_threadpool(maps.cycle_system_id, graph, cycle_id, system, depth)
    highlight = maps.SystemHighlight(cycle=cycle_id, depth=depth)
    return page(await _system_page(request, graph, settings, system_id, layout, highlight))


@router.get("/cycles/{cycle_id}/stack", response_class=HTMLResponse, responses=HTML)
def stack_map(cycle_id: str, graph: GraphDep) -> HTMLResponse:
    """The learning stack: cycles in rows by scale, feeds-into and peer links, coloured by status."""
    return page(maps.stack_map_html(graph, cycle_id))


@router.get("/cycles/{cycle_id}/learn-from-below", response_class=HTMLResponse, responses=HTML)
def learn_from_below_map(
    cycle_id: str, graph: GraphDep, depth: Depth = None,
    min_cycles: MinCycles = 1,
    include_peers: IncludePeers = False,
    viewer_cycle: ViewerCycle = None,
) -> HTMLResponse:
    """The provenance behind what this cycle can learn from below (restricted evidence withheld)."""
    return page(maps.learn_from_below_html(
        graph, cycle_id, depth=depth, min_cycles=min_cycles, include_peers=include_peers,
        viewer_cycle=viewer_cycle,
    ))


@router.get("/cycles/{cycle_id}/enable-below", response_class=HTMLResponse, responses=HTML)
def enable_below_map(
    cycle_id: str, graph: GraphDep, depth: Depth = None, viewer_cycle: ViewerCycle = None,
) -> HTMLResponse:
    """The barriers and enablers below this cycle, whom they affect, and who acts on them."""
    return page(maps.enable_below_html(graph, cycle_id, depth=depth, viewer_cycle=viewer_cycle))

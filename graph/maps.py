"""Maps from the database: what the ``/maps`` routes and the ``hls-graph map`` commands call.

Each function reads through the other areas' functions (``graph.systems.system``, ``graph.analysis``,
``graph.learning.questions``, ``graph.learning.store``), builds a :class:`viz.render.MapSpec` and
renders the page.
A system map is drawn from the analysis read of the system (kept per database state by
:func:`graph.systems.system.read_analysis_graph`), and its layout and whole page are kept per
(system, database state, layout[, highlight]) here: a repeated map of an unchanged system costs one
small version read, not a second of force layout (issue 17); any write changes the state, so a kept
page is never stale.
Unknown ids raise :class:`graph.core.errors.NotFound` (404); a highlight that cannot be drawn raises
:class:`graph.core.errors.RuleBroken` (422) naming the parameter.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graph.analysis import stored
from graph.analysis.common import resolve_factor
from graph.analysis.loops import feedback_loops, loop_polarity
from graph.analysis.paths import downstream, paths, upstream
from graph.analysis.trophic import trophic_levels
from graph.core.db import Graph
from graph.core.errors import RuleBroken
from graph.learning import questions, store
from graph.learning.cycles import shape as cycle_shape
from graph.learning.scales import list_scales_tx
from graph.systems.system import READ_AT, read_analysis_graph
from viz.answer_maps import (
    enable_below_map,
    enable_cycle_ids,
    learn_from_below_map,
    learn_ids,
)
from viz.render import render
from viz.stack_map import stack_map, stack_members
from viz.system_map import (
    Highlight,
    Layout,
    choose_positions,
    has_printed_positions,
    resolve_layout,
    system_map,
)

Direction = Literal["upstream", "downstream", "both"]
# Loop and path searches behind a highlight stop after this long (the analysis says when it did).
SEARCH_SECONDS = 10.0


@dataclass
class SystemHighlight:
    """What to highlight on a system map; at most one of the groups may be given."""

    loop: str | None = None            # factor refs in loop order, comma-separated
    loop_through: str | None = None    # the first loop through this factor
    max_length: int = 6                # for loop_through and for paths
    focus: str | None = None           # a factor's upstream/downstream …
    direction: Direction = "both"
    steps: int = 2
    source: str | None = None          # … or the paths from source to target
    target: str | None = None
    cycle: str | None = None           # the factors this cycle (and the cycles below) act on
    depth: int | None = None

    def chosen(self) -> list[str]:
        groups = {"loop": self.loop, "loop_through": self.loop_through, "focus": self.focus,
                  "from/to": self.source or self.target, "cycle": self.cycle}
        return [name for name, value in groups.items() if value]


# Layouts and pages of system maps by (driver, database, system, database state, what): a few.
_KEPT: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_KEPT_LOCK = threading.Lock()  # requests draw in a thread pool
KEPT_ITEMS = 16


def forget_kept_maps() -> None:
    """Drop every kept layout and page (benchmarks measure the cold path with it)."""
    with _KEPT_LOCK:
        _KEPT.clear()


@dataclass
class SystemPage:
    """What drawing one system page needs, all of it already read from Neo4j: plain data that a
    worker process can draw from (:func:`draw_system_page`) without a database."""

    G: nx.DiGraph
    system_id: str
    layout: str                                   # concrete: printed, trophic or force
    highlight: SystemHighlight | None = None
    acted: dict[str, Any] | None = None           # the cycle's factors, for a cycle highlight
    levels: dict[str, float] | None = None        # kept trophic levels (None: draw computes them)
    placed: Any = None                            # kept positions (None: draw computes them)
    base: tuple[Any, ...] | None = None           # what the page is kept under (None: not kept)


def read_system_page(
    graph: Graph, system_id: str, layout: Layout = "auto", highlight: SystemHighlight | None = None,
) -> str | SystemPage:
    """The kept page of an unchanged system (a ``str``), or what drawing it needs: the reads and the
    cheap checks, none of the layout or search work (the API draws in a worker process)."""
    G = read_analysis_graph(graph, system_id)  # the same graph as read_system_graph, kept per state
    state = READ_AT.get(G)
    base = None if state is None else (id(graph.driver), graph.database, system_id, state)
    concrete = resolve_layout(G, layout)
    if concrete == "printed" and not has_printed_positions(G):
        raise RuleBroken("layout_unavailable", "this system has no printed positions (x, y) for "
                         "every factor; use layout=trophic or layout=force", layout="printed")
    job = SystemPage(G, system_id, concrete, highlight, base=base)
    if base is not None:
        with _KEPT_LOCK:
            if _plain(highlight) and (*base, "page", concrete) in _KEPT:
                return _KEPT[(*base, "page", concrete)]
            job.levels = _KEPT.get((*base, "levels"))
            job.placed = _KEPT.get((*base, "placed", concrete))
    if highlight is not None and highlight.chosen() == ["cycle"]:
        job.acted = stored.cycle_factors(graph, str(highlight.cycle), depth=highlight.depth,
                                         max_length=1, loop_limit=0)
    return job


def draw_system_page(job: SystemPage) -> tuple[str, dict[str, float] | None, Any]:
    """The page, and the levels and positions it was drawn with (to keep): pure, no database."""
    G, concrete, levels, placed = job.G, job.layout, job.levels, job.placed
    if levels is None and concrete == "trophic" and len(G):
        levels = trophic_levels(G)["levels"]
    if placed is None:
        placed = choose_positions(G, concrete, levels)
    lit = _highlight(job) if job.highlight else None
    name = G.graph.get("name") or job.system_id
    notes = [f"{concrete} layout"]
    if G.graph.get("outcome"):
        notes.insert(0, f"outcome: {G.graph['outcome']}")
    spec = system_map(G, title=name, layout=concrete, levels=levels,
                      highlight=lit, notes=notes, placed=placed)
    return render(spec), levels, placed


def keep_system_page(job: SystemPage, drawn: tuple[str, dict[str, float] | None, Any]) -> str:
    """Keep what :func:`draw_system_page` drew for the next map of the same state; the page."""
    html, levels, placed = drawn
    if job.base is not None:
        # A highlight's search may be cut by its time budget: only plain pages are kept whole.
        _keep((*job.base, "placed", job.layout), placed)
        if levels is not None:
            _keep((*job.base, "levels"), levels)
        if _plain(job.highlight):
            _keep((*job.base, "page", job.layout), html)
    return html


def system_map_html(
    graph: Graph, system_id: str, layout: Layout = "auto", highlight: SystemHighlight | None = None,
) -> str:
    """The page of a system map, drawn here (the CLI; the API draws in a worker process)."""
    job = read_system_page(graph, system_id, layout, highlight)
    return job if isinstance(job, str) else keep_system_page(job, draw_system_page(job))


def _plain(highlight: SystemHighlight | None) -> bool:
    return not (highlight and highlight.chosen())


def _keep(key: tuple[Any, ...], value: Any) -> None:
    with _KEPT_LOCK:
        _KEPT[key] = value
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_ITEMS:
            _KEPT.popitem(last=False)


def _highlight(job: SystemPage) -> Highlight | None:
    G, system_id, h = job.G, job.system_id, job.highlight
    assert h is not None
    chosen = h.chosen()
    if len(chosen) > 1:
        raise RuleBroken("one_highlight", f"highlight one thing at a time, not {' and '.join(chosen)}",
                         given=chosen)
    if not chosen:
        return None
    if h.loop:
        return _named_loop(G, system_id, h.loop)
    if h.loop_through:
        return _first_loop(G, system_id, h.loop_through, h.max_length)
    if h.focus:
        return _neighbourhood(G, system_id, h.focus, h.direction, h.steps)
    if h.source or h.target:
        return _paths(G, system_id, h.source, h.target, h.max_length)
    assert job.acted is not None
    return _acted_on(job.acted, system_id, h.cycle)


def _loop_highlight(G: nx.DiGraph, factors: list[str]) -> Highlight:
    links = list(zip(factors, factors[1:] + factors[:1], strict=True))
    negatives = sum(1 for a, b in links if G.edges[a, b].get("polarity") == -1)
    unknowns = sum(1 for a, b in links if G.edges[a, b].get("polarity") is None)
    names = " → ".join(str(G.nodes[f].get("name", f)) for f in [*factors, factors[0]])
    return Highlight(f"{loop_polarity(negatives, unknowns)} loop of {len(factors)}: {names}", factors, links)


def _named_loop(G: nx.DiGraph, system_id: str, loop: str) -> Highlight:
    factors = [resolve_factor(G, ref.strip(), system_id) for ref in loop.split(",") if ref.strip()]
    if not factors:
        raise RuleBroken("not_a_loop", "loop= needs the loop's factors in order, comma-separated", loop=loop)
    ring = zip(factors, factors[1:] + factors[:1], strict=True)
    missing = [(a, b) for a, b in ring if not G.has_edge(a, b)]
    if missing or len(set(factors)) != len(factors):
        raise RuleBroken("not_a_loop", f"{loop!r} is not a feedback loop of {system_id!r}: "
                         + (f"no link {missing[0][0]} → {missing[0][1]}" if missing else "a factor repeats"),
                         loop=loop, missing_links=[list(m) for m in missing])
    return _loop_highlight(G, factors)


def _first_loop(G: nx.DiGraph, system_id: str, through: str, max_length: int) -> Highlight:
    factor = resolve_factor(G, through, system_id)
    found = _checked(lambda: feedback_loops(G, max_length=max_length, limit=1, through=factor,
                                            time_budget=SEARCH_SECONDS))
    if not found["loops"]:
        raise RuleBroken("no_loop", f"no feedback loop of up to {max_length} links goes through {factor!r}",
                         factor=factor, max_length=max_length)
    return _loop_highlight(G, [f["id"] for f in found["loops"][0]["factors"]])


def _neighbourhood(G: nx.DiGraph, system_id: str, focus: str, direction: Direction, steps: int) -> Highlight:
    factor = resolve_factor(G, focus, system_id)
    factors, links = [factor], set()
    for way in (("upstream", "downstream") if direction == "both" else (direction,)):
        search = upstream if way == "upstream" else downstream
        found = _checked(lambda s=search: s(G, factor, steps))["factors"]
        distance = {factor: 0, **{f["id"]: f["distance"] for f in found}}
        factors += [f["id"] for f in found if f["id"] not in factors]
        # every link of a shortest path from (to) the focus: one step further away along it
        for a, b in G.edges():
            if a in distance and b in distance:
                nearer, further = (a, b) if way == "downstream" else (b, a)
                if distance[further] == distance[nearer] + 1:
                    links.add((a, b))
    what = "upstream and downstream" if direction == "both" else direction
    name = G.nodes[factor].get("name", factor)
    return Highlight(f"{what} of {name} within {steps} steps ({len(factors) - 1} factors)", factors,
                     sorted(links))


def _paths(
    G: nx.DiGraph, system_id: str, source: str | None, target: str | None, max_length: int,
) -> Highlight:
    if not (source and target):
        raise RuleBroken("paths_need_both_ends", "a path highlight needs both from= and to=",
                         source=source, target=target)
    s, t = resolve_factor(G, source, system_id), resolve_factor(G, target, system_id)
    if s == t:
        raise RuleBroken("same_factor", f"from and to are the same factor {s!r}", factor=s)
    found = _checked(lambda: paths(G, s, t, max_length=max_length, limit=20, time_budget=SEARCH_SECONDS))
    if not found["reachable"]:
        raise RuleBroken("no_path", f"no causal path leads from {s!r} to {t!r}", source=s, target=t)
    shortest = found["shortest"]
    factors: list[str] = []
    links: set[tuple[str, str]] = set()
    for path in shortest["paths"]:
        ids = [f["id"] for f in path["factors"]]
        factors += [f for f in ids if f not in factors]
        links.update(zip(ids, ids[1:], strict=False))
    names = f"{G.nodes[s].get('name', s)} → {G.nodes[t].get('name', t)}"
    return Highlight(f"shortest paths {names} ({shortest['count']} of length {shortest['length']})",
                     factors, sorted(links))


def _acted_on(answer: dict[str, Any], system_id: str, cycle_id: str | None) -> Highlight:
    acted = next((s["factors"] for s in answer["systems"] if s["id"] == system_id), [])
    if not acted:
        raise RuleBroken("no_factors_acted_on",
                         f"no experiment of cycle {cycle_id!r} or the cycles below it intervenes on a "
                         f"factor of {system_id!r}", cycle=cycle_id, system=system_id,
                         systems=[s["id"] for s in answer["systems"]])
    factors = [f["id"] for f in acted]
    details = {f["id"]: [["acted on by", ", ".join(f["cycles"])],
                         ["experiments", ", ".join(f["experiments"])]] for f in acted}
    cycle_name = answer["cycle"]["name"] or cycle_id
    return Highlight(f"factors {cycle_name} and the cycles below act on ({len(factors)})", factors, [],
                     details)


def _checked(work: Any) -> dict[str, Any]:
    try:
        return work()
    except ValueError as exc:
        raise RuleBroken("bad_parameter", str(exc)) from None


def cycle_system_id(graph: Graph, cycle_id: str, system_id: str | None, depth: int | None) -> str:
    """The system whose map shows the factors ``cycle_id`` acts on: ``system_id`` when given, else
    the only one its experiments (and those below) intervene on; 422 when there are several or none."""
    if system_id:
        return system_id
    answer = stored.cycle_factors(graph, cycle_id, depth=depth, max_length=1, loop_limit=0)
    systems = [s["id"] for s in answer["systems"]]
    if len(systems) != 1:
        raise RuleBroken("choose_system", f"cycle {cycle_id!r} acts on factors of {len(systems)} systems "
                         f"({', '.join(systems) or 'none'}): say which with system=", systems=systems)
    return systems[0]


def stack_map_html(graph: Graph, cycle_id: str) -> str:
    stack = questions.cycle_stack(graph, cycle_id)
    ids = [c["id"] for c in stack_members(stack)]

    def read(tx: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return store.fetch(tx, "cycle", ids, cycle_shape), list_scales_tx(tx)["items"]

    details, scales = graph.read_tx(read)
    name = stack["cycle"]["name"] or cycle_id
    spec = stack_map(stack, {c["id"]: c for c in details}, scales=scales,
                     title=f"Learning stack of {name}")
    return render(spec)


def _public_shapes(graph: Graph, cycle_ids: set[str], experiment_ids: set[str]) -> tuple[dict, dict]:
    """Cycle and experiment public shapes (names, scales, questions) by id: not restricted data."""
    def read(tx: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return (store.fetch(tx, "cycle", sorted(cycle_ids)),
                store.fetch(tx, "experiment", sorted(experiment_ids)))

    cycles, experiments = graph.read_tx(read)
    return {c["id"]: c for c in cycles}, {e["id"]: e for e in experiments}


def learn_from_below_html(graph: Graph, cycle_id: str, **params: Any) -> str:
    """``params``: the JSON route's (depth, min_cycles, include_peers, viewer_cycle). The map is the
    whole provenance subgraph, so it reads every chain (``provenance_limit=None``)."""
    answer = questions.learn_from_below(graph, cycle_id, **params, provenance_limit=None)
    cycles, experiments = _public_shapes(graph, *learn_ids(answer))
    name = answer["cycle"]["name"] or cycle_id
    return render(learn_from_below_map(answer, cycles=cycles, experiments=experiments,
                                       title=f"What {name} can learn from below"))


def enable_below_html(graph: Graph, cycle_id: str, **params: Any) -> str:
    """``params``: the JSON route's (depth, viewer_cycle)."""
    answer = questions.enable_below(graph, cycle_id, **params)
    cycles, _ = _public_shapes(graph, enable_cycle_ids(answer), set())
    name = answer["cycle"]["name"] or cycle_id
    return render(enable_below_map(answer, cycles=cycles, title=f"How {name} can enable below"))


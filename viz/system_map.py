"""The outcome-system map: factors coloured by cluster, links coloured and signed by polarity.

Input is the system as ``graph.systems.system.read_system_graph`` gives it (an ``nx.DiGraph``: nodes keyed
by factor id with ``name``, ``description``, ``cluster``, ``cluster_id``, ``x``, ``y``; edges with
``polarity`` ±1 or None (unknown: grey, "?"), ``strength``, ``delay``, ``evidence``). Node and edge
lists are built in one pass each (linear; pyvis's ``from_nx`` is quadratic).

Layouts: ``printed`` (the system's own x/y, e.g. Foresight's printed map), ``trophic`` (x from the
trophic level: causal flow left to right), ``force`` (positions computed here; up to
:data:`viz.render.BIG_MAP` nodes the browser's physics then settles them for a bounded number of
steps), ``auto`` (printed when every factor has a position, else force).

A :class:`Highlight` (a loop, a factor's upstream/downstream, a path, the factors a cycle acts on)
keeps its factors and links in colour and greys the rest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from viz import layout as layouts
from viz.render import BIG_MAP, LegendEntry, MapSpec, vis_options

Layout = Literal["auto", "printed", "trophic", "force"]
LAYOUTS: tuple[str, ...] = ("auto", "printed", "trophic", "force")

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau), one colour per cluster.
CLUSTER_COLOURS = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999",
    "#8c564b", "#17becf", "#bcbd22", "#7f7f7f",
]
NO_CLUSTER = "#b0b7bf"
POSITIVE = "#1f6fb2"   # more leads to more
NEGATIVE = "#c62828"   # more leads to less
UNKNOWN = "#9aa5b1"    # the map does not say (grey, labelled "?")
# Polarity by line style as well as colour (colour-blind safe): negative links dashed; a delay
# shows as "‖" and dots (dash-dot when a negative link is delayed).
NEGATIVE_DASHES = [10, 6]
DELAY_DASHES = [2, 5]
NEGATIVE_DELAY_DASHES = [10, 4, 2, 4]
DIMMED = "#e3e7eb"
HIGHLIGHT_BORDER = "#111111"


@dataclass
class Highlight:
    """Factors and links to stand out; everything else is greyed. ``links`` may be empty (the
    links among ``factors`` are then highlighted)."""

    label: str
    factors: list[str]
    links: list[tuple[str, str]] = field(default_factory=list)
    # extra tooltip rows per highlighted factor (who acts on it, say)
    details: dict[str, list[list[Any]]] = field(default_factory=dict)


def is_delayed(delay: Any) -> bool:
    """A link is delayed when its ``delay`` says so: true, a positive number, or a text other than
    the ways of saying no."""
    if isinstance(delay, str):
        return delay.strip().lower() not in ("", "0", "no", "none", "false")
    return bool(delay)


def polarity_sign(polarity: Any) -> int:
    """+1, -1, or 0 for a link of unknown polarity (None or empty)."""
    if polarity is None or polarity == "":
        return 0
    return -1 if polarity in (-1, "-1", "-", "negative") else 1


def cluster_colours(system: nx.DiGraph) -> dict[str, str]:
    """Cluster name → colour, in order of first appearance by cluster name (stable across calls)."""
    names = sorted({str(a["cluster"]) for _, a in system.nodes(data=True) if a.get("cluster")})
    return {name: CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)] for i, name in enumerate(names)}


def resolve_layout(system: nx.DiGraph, layout: Layout) -> str:
    """``auto`` made concrete: printed when every factor has a position, else force."""
    if layout == "auto":
        return "printed" if has_printed_positions(system) else "force"
    return layout


def choose_positions(
    system: nx.DiGraph, layout: Layout, levels: Mapping[str, float] | None = None,
) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """Positions for ``layout`` and the bands to draw behind them (trophic levels)."""
    layout = resolve_layout(system, layout)
    if layout == "printed":
        if not has_printed_positions(system):
            # The caller checks first and refuses the request (graph.maps); this is a programming error.
            raise ValueError("the printed layout needs a position (x, y) for every factor")
        return _printed(system), []
    if layout == "trophic":
        if levels is None:
            raise ValueError("the trophic layout needs the trophic levels")
        positions = layouts.column_positions(levels, system.edges())
        return positions, _level_bands(levels, positions)
    return layouts.force_positions(list(system.nodes), system.edges(),
                                   iterations=layouts.force_iterations(len(system))), []


def _level_bands(
    levels: Mapping[str, float], positions: Mapping[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    """A column line at each whole trophic level, at the x the column layout gives it."""
    if not levels:
        return []
    lowest, highest = min(levels.values()), max(levels.values())
    ys = [y for _, y in positions.values()]
    gap = layouts.COLUMN_GAP
    return [
        {"label": f"level {k}", "x": round((k - lowest) * gap, 1), "from": min(ys) - 60, "to": max(ys) + 60}
        for k in range(math.ceil(lowest), math.floor(highest) + 1)
    ]


def has_printed_positions(system: nx.DiGraph) -> bool:
    return len(system) > 0 and all(
        isinstance(a.get("x"), int | float) and isinstance(a.get("y"), int | float)
        for _, a in system.nodes(data=True)
    )


def _printed(system: nx.DiGraph) -> dict[str, tuple[float, float]]:
    xs = [float(a["x"]) for _, a in system.nodes(data=True)]
    ys = [float(a["y"]) for _, a in system.nodes(data=True)]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    return {
        n: (round(float(a["x"]) - cx, 1), round(float(a["y"]) - cy, 1)) for n, a in system.nodes(data=True)
    }


def system_map(
    system: nx.DiGraph, *, title: str, layout: Layout = "auto",
    levels: Mapping[str, float] | None = None, highlight: Highlight | None = None,
    notes: Iterable[str] = (), placed: tuple[Mapping[str, tuple[float, float]], list[Any]] | None = None,
) -> MapSpec:
    """The map of one outcome system (see the module docstring for the input shape). ``placed``:
    what :func:`choose_positions` answered for this system and layout before (a caller's cache: a
    force layout of thousands of factors costs a second)."""
    concrete = resolve_layout(system, layout)
    positions, bands = placed if placed is not None else choose_positions(system, concrete, levels)
    colours = cluster_colours(system)
    # one vis-network group per cluster carries its colours (not every node: smaller pages)
    group_of = {name: f"c{i}" for i, name in enumerate(colours)}
    groups = {group_of[name]: _group_style(colour) for name, colour in colours.items()}
    groups["none"] = _group_style(NO_CLUSTER)
    lit_factors = set(highlight.factors) if highlight else set()
    lit_links = _lit_links(system, highlight)
    nodes = []
    for fid, attrs in system.nodes(data=True):
        cluster = attrs.get("cluster")
        info: list[list[Any]] = [["id", fid], ["cluster", cluster or "—"]]
        if attrs.get("description"):
            info.append(["description", attrs["description"]])
        info.append(["links in / out", f"{system.in_degree(fid)} / {system.out_degree(fid)}"])
        if levels is not None and fid in levels:
            info.append(["trophic level", round(float(levels[fid]), 2)])
        if highlight:
            info += highlight.details.get(fid, [])
        x, y = positions[fid]
        node: dict[str, Any] = {
            "id": fid, "label": str(attrs.get("name") or fid), "info": info, "x": x, "y": y,
            "group": group_of.get(str(cluster), "none") if cluster else "none",
            "size": round(9 + 2.2 * math.sqrt(system.degree(fid)), 1),
        }
        if highlight and fid not in lit_factors:
            node["color"] = {"background": DIMMED, "border": "#c5ccd3"}
            node["font"] = {"color": "#9aa5b1"}
        elif highlight:
            node["borderWidth"] = 4
            # a node's own colour replaces its group's whole colour, so give the background again
            background = colours.get(str(cluster), NO_CLUSTER) if cluster else NO_CLUSTER
            node["color"] = {"background": background, "border": HIGHLIGHT_BORDER}
            node["font"] = {"size": 16, "bold": True}
        nodes.append(node)
    edges = []
    for source, target, attrs in system.edges(data=True):
        sign = polarity_sign(attrs.get("polarity"))
        colour = {1: POSITIVE, -1: NEGATIVE, 0: UNKNOWN}[sign]
        edge: dict[str, Any] = {"id": f"{source}->{target}", "from": source, "to": target,
                                "label": {1: "+", -1: "−", 0: "?"}[sign], "color": colour,
                                "polarity": {1: "positive", -1: "negative", 0: "unknown"}[sign]}
        if attrs.get("undirected") is True:
            edge["arrows"] = {"to": {"enabled": False}}
        delayed = is_delayed(attrs.get("delay"))
        if delayed:
            edge["label"] += " ‖"
        if sign < 0 or delayed:
            negative_style = NEGATIVE_DELAY_DASHES if delayed else NEGATIVE_DASHES
            edge["dashes"] = negative_style if sign < 0 else DELAY_DASHES
        info = [[key, attrs[key]] for key in ("strength", "delay", "evidence")
                if attrs.get(key) not in (None, "")]
        if info:
            edge["info"] = info
        if highlight and (source, target) not in lit_links:
            edge["color"] = {"color": DIMMED, "highlight": colour}
            edge["font"] = {"color": "#c5ccd3"}
        elif highlight:
            edge["width"] = 4
        edges.append(edge)
    legend = [LegendEntry(name, colour) for name, colour in colours.items()]
    if any(not a.get("cluster") for _, a in system.nodes(data=True)):
        legend.append(LegendEntry("no cluster", NO_CLUSTER))
    legend += [
        LegendEntry("+ more leads to more (solid)", POSITIVE, "edge"),
        LegendEntry("− more leads to less (dashed)", NEGATIVE, "edge", dashed=True),
        *([LegendEntry("? polarity unknown", UNKNOWN, "edge")]
          if any(polarity_sign(a.get("polarity")) == 0 for _, _, a in system.edges(data=True)) else []),
        LegendEntry("‖ delayed link (dotted)", "#52606d", "edge", dotted=True),
    ]
    if highlight:
        legend.append(LegendEntry(f"highlighted: {highlight.label}", HIGHLIGHT_BORDER))
    all_notes = [" · ".join([f"{len(nodes)} factors, {len(edges)} links", *notes])]
    if highlight:
        all_notes.append(f"Highlighted: {highlight.label}")
    # A small force layout settles in the browser (nodes keep their springs while dragged).
    options = vis_options(node_count=len(nodes), physics=concrete == "force" and len(nodes) <= BIG_MAP)
    options["groups"] = groups
    return MapSpec(
        kind="system", title=title, nodes=nodes, edges=edges, legend=legend, notes=all_notes, bands=bands,
        options=options,
    )


def _group_style(colour: str) -> dict[str, Any]:
    return {"color": {"background": colour, "border": "#4b5563",
                      "highlight": {"background": colour, "border": HIGHLIGHT_BORDER},
                      "hover": {"background": colour, "border": HIGHLIGHT_BORDER}}}


def _lit_links(system: nx.DiGraph, highlight: Highlight | None) -> set[tuple[str, str]]:
    if highlight is None:
        return set()
    if highlight.links:
        return {(a, b) for a, b in highlight.links}
    lit = set(highlight.factors)
    return {(a, b) for a, b in system.edges() if a in lit and b in lit}

"""A map of whatever nodes and relationships a Cypher query returned (``%%cypher --map``,
:func:`graph.notebook.draw`), drawn with the project's own map page (``viz.render``): one
self-contained HTML document, offline, data escaped by the page.

Nodes are coloured by their first label and named by ``name``, else ``statement``, ``description``
or ``id``; every property shows in the tooltip and, on click, in the side panel. Positions are a
seeded force layout computed here, settled by a short physics run in the browser on small maps.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j.graph import Node, Relationship

from viz.layout import force_positions
from viz.render import BIG_MAP, LegendEntry, MapSpec, render, vis_options

# Okabe-Ito (colour-blind friendly), then more; one colour per label in order of first appearance.
LABEL_COLOURS = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
    "#8c564b", "#17becf", "#bcbd22", "#7f7f7f",
]
LINK_COLOUR = "#546e7a"
NAME_KEYS = ("name", "statement", "description", "question", "text", "id")
LABEL_LENGTH = 40


def node_name(node: Node) -> str:
    """What a node is called on the map: its first naming property, else its label."""
    for key in NAME_KEYS:
        value = node.get(key)
        if value not in (None, ""):
            text = str(value)
            return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"
    return next(iter(node.labels), "node")


def _text(value: Any) -> str:
    # Temporal and spatial values are not JSON; lists read better joined.
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _label(node: Node) -> str:
    return sorted(node.labels)[0] if node.labels else "(no label)"


def result_map(nodes: Iterable[Node], relationships: Iterable[Relationship], title: str) -> MapSpec:
    """The map of these nodes and relationships (a relationship's end nodes are drawn too)."""
    by_id = {node.element_id: node for node in nodes}
    # A relationship from a record always has both ends; one built by hand may not: skip those.
    links = [link for link in relationships if link.start_node is not None and link.end_node is not None]
    for link in links:
        for end in (link.start_node, link.end_node):
            by_id.setdefault(end.element_id, end)
    colours: dict[str, str] = {}
    for node in by_id.values():
        colours.setdefault(_label(node), LABEL_COLOURS[len(colours) % len(LABEL_COLOURS)])
    ends = [(link.start_node.element_id, link.end_node.element_id) for link in links]
    positions = force_positions(list(by_id), ends)
    map_nodes = []
    for element_id, node in by_id.items():
        labels = ":" + ":".join(sorted(node.labels)) if node.labels else "(no label)"
        rows = [["labels", labels], *[[key, _text(value)] for key, value in sorted(node.items())]]
        colour = colours[_label(node)]
        x, y = positions[element_id]
        map_nodes.append({
            "id": element_id, "label": node_name(node), "info": rows,
            "panel": {"heading": node_name(node), "rows": rows},
            "color": {"background": colour, "border": "#263238"}, "x": x, "y": y,
        })
    map_edges = [
        {"id": link.element_id, "from": start, "to": end, "label": link.type,
         "color": {"color": LINK_COLOUR},
         "info": [["relationship", link.type], *[[k, _text(v)] for k, v in sorted(link.items())]]}
        for link, (start, end) in zip(links, ends, strict=True)
    ]
    legend = [LegendEntry(label, colour) for label, colour in colours.items()]
    if map_edges:
        legend.append(LegendEntry("relationship (its type on the line)", LINK_COLOUR, "edge"))
    notes = [f"{len(map_nodes)} nodes, {len(map_edges)} relationships — click a node for its properties"]
    return MapSpec(
        kind="result", title=title, nodes=map_nodes, edges=map_edges, legend=legend, notes=notes,
        options=vis_options(node_count=len(map_nodes), physics=len(map_nodes) <= BIG_MAP),
    )


def result_map_html(nodes: Iterable[Node], relationships: Iterable[Relationship], title: str) -> str:
    """:func:`result_map` rendered: the whole HTML page."""
    return render(result_map(nodes, relationships, title))

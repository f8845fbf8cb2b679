"""The learning-stack map: cycles in rows by scale (region at the top, person at the bottom),
FEEDS_INTO links climbing between rows, PEER_OF links along a row, cycles coloured by status.
Clicking a cycle opens the side panel with its five elements and their statuses.

Input: the answer of ``graph.learning.questions.cycle_stack`` (``cycle``, ``above``, ``below``, ``peers``:
cycles with ``id, name, status, scale, level, relation, distance``; ``feeds_into``: ``{lower,
upper}``; ``peer_of``: ``{cycle, peer}``), the cycles' public shapes (``graph.learning.cycles``: ``purpose``,
``elements`` with ``kind, status, notes``) keyed by id, and the scales (``id, name, level``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from viz.layout import layered_positions, row_offsets
from viz.render import LegendEntry, MapSpec, vis_options

STATUS_COLOURS = {
    "planned": "#cfd8dc",
    "active": "#66bb6a",
    "paused": "#ffb74d",
    "closed": "#90a4ae",
}
UNKNOWN_STATUS = "#e0e0e0"
FEEDS_INTO = "#37474f"
PEER_OF = "#8e24aa"
ROW_GAP = 170.0
NODE_GAP = 210.0
ROW_WRAP = 12  # cycles side by side in a row before it folds


def stack_members(stack: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Every cycle of a ``questions/cycle_stack`` answer: the cycle itself, above, below, peers."""
    return [stack["cycle"], *stack["above"], *stack["below"], *stack["peers"]]


def stack_rows(cycles: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Row per cycle: 0 for the highest scale level present, one row per level below it."""
    cycles = list(cycles)
    top = max((c["level"] for c in cycles), default=0)
    return {c["id"]: int(top - c["level"]) for c in cycles}


def stack_map(
    stack: Mapping[str, Any], details: Mapping[str, Mapping[str, Any]], *,
    scales: Iterable[Mapping[str, Any]], title: str,
) -> MapSpec:
    """The connected learning stack of ``stack["cycle"]`` (see the module docstring)."""
    members = stack_members(stack)
    focus = stack["cycle"]["id"]
    feeds = [(link["lower"], link["upper"]) for link in stack["feeds_into"]]
    peers = [(link["cycle"], link["peer"]) for link in stack["peer_of"]]
    rows = stack_rows(members)
    positions = layered_positions(rows, feeds + peers, row_gap=ROW_GAP, node_gap=NODE_GAP, wrap=ROW_WRAP)
    nodes = [_cycle_node(c, details.get(c["id"], {}), c["id"] == focus, positions[c["id"]]) for c in members]
    edges = [
        {"id": f"feeds:{low}->{up}", "from": low, "to": up, "color": {"color": FEEDS_INTO},
         "width": 2, "info": [["link", "feeds into (learns upwards)"], ["from", low], ["to", up]]}
        for low, up in feeds
    ] + [
        {"id": f"peer:{a}-{b}", "from": a, "to": b, "color": {"color": PEER_OF}, "dashes": [6, 6],
         "arrows": {"to": {"enabled": False}}, "width": 2,
         "info": [["link", "peer of (same scale)"], ["cycles", f"{a} — {b}"]]}
        for a, b in peers
    ]
    used = {c.get("status") for c in members}
    legend = [LegendEntry(status, colour) for status, colour in STATUS_COLOURS.items() if status in used]
    legend += [
        LegendEntry("this cycle: thick border", "#111111"),
        LegendEntry("feeds into (lower → upper)", FEEDS_INTO, "edge"),
        LegendEntry("peer of (same scale)", PEER_OF, "edge", dashed=True),
    ]
    notes = [f"{len(members)} cycles: {len(stack['above'])} above, {len(stack['below'])} below, "
             f"{len(stack['peers'])} peer{'' if len(stack['peers']) == 1 else 's'} — "
             "click a cycle to see its elements"]
    return MapSpec(
        kind="stack", title=title, nodes=nodes, edges=edges, legend=legend, notes=notes,
        bands=_scale_bands(members, scales, rows, positions),
        options=vis_options(node_count=len(nodes)),
    )


def _cycle_node(
    cycle: Mapping[str, Any], detail: Mapping[str, Any], is_focus: bool, position: tuple[float, float],
) -> dict[str, Any]:
    status = cycle.get("status") or "unknown"
    colour = STATUS_COLOURS.get(status, UNKNOWN_STATUS)
    name = str(cycle.get("name") or cycle["id"])
    info = [["id", cycle["id"]], ["scale", cycle.get("scale")], ["status", status],
            ["relation", cycle.get("relation")]]
    rows: list[list[Any]] = [
        ["id", cycle["id"]], ["scale", cycle.get("scale")], ["status", status],
        ["relation", f"{cycle.get('relation')} (distance {cycle.get('distance')})"],
    ]
    if detail.get("purpose"):
        rows.append(["purpose", detail["purpose"]])
    for element in detail.get("elements", []):  # in the guide's order (graph.learning.cycles.shape)
        value = element.get("status") or "—"
        if element.get("notes"):
            value = f"{value} — {element['notes']}"
        rows.append([str(element.get("kind", "")).replace("_", " "), value])
    return {
        "id": cycle["id"], "label": name, "shape": "box", "info": info,
        "panel": {"heading": name, "rows": rows},
        "color": {"background": colour, "border": "#111111" if is_focus else "#546e7a",
                  "highlight": {"background": colour, "border": "#111111"}},
        "borderWidth": 4 if is_focus else 1,
        "font": {"size": 16 if is_focus else 14, "bold": is_focus},
        "widthConstraint": {"maximum": 170},
        "margin": 10,
        "x": position[0], "y": position[1],
    }


def _scale_bands(
    stack: list[Mapping[str, Any]], scales: Iterable[Mapping[str, Any]],
    rows: Mapping[str, int], positions: Mapping[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    """One labelled row per scale between the highest and lowest level of the stack."""
    if not stack:
        return []
    top = max(c["level"] for c in stack)
    low = min(c["level"] for c in stack)
    xs = [x for x, _ in positions.values()]
    left, right = min(xs) - NODE_GAP / 2, max(xs) + NODE_GAP / 2
    offsets = row_offsets(rows, ROW_GAP, ROW_WRAP)
    return [
        {"label": scale.get("name") or scale["id"], "y": offsets[top - scale["level"]],
         "from": left, "to": right}
        for scale in sorted(scales, key=lambda s: -s["level"]) if low <= scale["level"] <= top
    ]

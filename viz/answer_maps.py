"""Maps of the two questions' answers, drawn from the answer dicts of ``graph.learning.questions`` only.

- learn from below: the provenance subgraph — the asking cycle on top, then the patterns (and the
  recurring factors/outcomes nobody has named yet), the evidence, the experiments, and the cycles
  below in rows by scale. Evidence text comes from the answer, which has already withheld
  restricted evidence for this viewer, so restricted text never reaches the page.
- enable below: the barriers and enablers on top, the cycles in rows by scale below them, with who
  raised each condition, which cycles below it affects, and who acts on it.

Cycle and experiment names are not restricted; the answers hold only their ids, so the caller
passes their public shapes (``cycles``/``experiments``: id → dict) to label the nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from viz.layout import layered_positions
from viz.render import LegendEntry, MapSpec, vis_options
from viz.stack_map import STATUS_COLOURS, UNKNOWN_STATUS

Row = Mapping[str, Any]

PATTERN = "#5c6bc0"
RECURRING = "#ffca28"
EVIDENCE = "#4dd0e1"
RESTRICTED = "#9e9e9e"
EXPERIMENT = "#a1887f"
SUPPORTS = "#2e7d32"
CONTRADICTS = "#c62828"
PLAIN_LINK = "#78909c"
PEER_LINK = "#8e24aa"
BARRIER = "#e53935"
ENABLER = "#43a047"
RESOLVED = "#bdbdbd"
ACTS_ON = "#1565c0"
LABEL_LENGTH = 48
ROW_WRAP = 14  # nodes side by side in a row before it folds into staggered sub-rows


def short(text: Any, length: int = LABEL_LENGTH) -> str:
    """A label-length version of ``text`` (the full text stays in the tooltip)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def joined(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values) or "—"


class _Builder:
    """Nodes and edges by id (the first one wins; repeats only add to its notes), then rows."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, int] = {}

    def node(self, node_id: str, row: int, **item: Any) -> None:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, **item}
            self.rows[node_id] = row

    def edge(self, source: str, target: str, colour: str, meaning: str, **item: Any) -> None:
        edge_id = f"{source}->{target}"
        if edge_id not in self.edges and source in self.nodes and target in self.nodes:
            self.edges[edge_id] = {"id": edge_id, "from": source, "to": target,
                                   "color": {"color": colour, "highlight": colour},
                                   "info": [["link", meaning]], **item}

    def cycle(self, cycle_id: str, cycles: Mapping[str, Row], top_row: int, top_level: int,
              focus: bool = False, via: str | None = None) -> str:
        node_id = f"cycle:{cycle_id}"
        cycle = cycles.get(cycle_id, {})
        level = cycle.get("scale_level", cycle.get("level")) or 0
        colour = STATUS_COLOURS.get(cycle.get("status"), UNKNOWN_STATUS)
        info = [["id", cycle_id], ["scale", cycle.get("scale")], ["status", cycle.get("status")]]
        if via:
            info.append(["reached", via])
        self.node(
            node_id, top_row + max(0, top_level - level), label=cycle.get("name") or cycle_id, shape="box",
            info=info, widthConstraint={"maximum": 170}, margin=8, borderWidth=4 if focus else 1,
            color={"background": colour, "border": "#111111" if focus else "#546e7a"},
            font={"bold": focus},
        )
        return node_id

    def spec(self, kind: str, title: str, legend: list[LegendEntry], notes: list[str]) -> MapSpec:
        links = [(e["from"], e["to"]) for e in self.edges.values()]
        # rows with nobody in them (a scale with no cycle here) take no room
        dense = {row: rank for rank, row in enumerate(sorted(set(self.rows.values())))}
        rows = {node_id: dense[row] for node_id, row in self.rows.items()}
        positions = layered_positions(rows, links, row_gap=170.0, node_gap=170.0, wrap=ROW_WRAP)
        nodes = [{**node, "x": positions[i][0], "y": positions[i][1]} for i, node in self.nodes.items()]
        return MapSpec(
            kind=kind, title=title, nodes=nodes, edges=list(self.edges.values()), legend=legend,
            notes=notes, options=vis_options(node_count=len(nodes)),
        )


# --- learn from below ----------------------------------------------------------------------------

def learn_groups(answer: Row) -> list[tuple[str, Row]]:
    """``("below", answer)`` then one ``("peer <id>", group)`` per peer group."""
    return [("below", answer), *((f"peer {group['peer']}", group) for group in answer.get("peers", []))]


def learn_ids(answer: Row) -> tuple[set[str], set[str]]:
    """The cycles and the experiments a learn-from-below answer names (to fetch their names)."""
    cycles, experiments = {answer["cycle"]["id"]}, set()
    for _, group in learn_groups(answer):
        for pattern in group["patterns"]:
            cycles.update(chain["cycle"] for chain in pattern["provenance"])
            experiments.update(chain["experiment"] for chain in pattern["provenance"])
        for item in group["recurring"]:
            cycles.update(item["cycles"])
            experiments.update(item["experiments"])
    return cycles, experiments


def learn_from_below_map(
    answer: Row, *, cycles: Mapping[str, Row], experiments: Mapping[str, Row], title: str,
) -> MapSpec:
    """The provenance subgraph of a learn-from-below answer (see the module docstring)."""
    subject = answer["cycle"]
    levels = [c.get("scale_level", c.get("level")) or 0 for c in cycles.values()]
    top_level = max([subject.get("level") or 0, *levels])
    b = _Builder()
    root = b.cycle(subject["id"], {subject["id"]: subject, **cycles}, 0, top_level, focus=True)
    b.rows[root] = 0
    for via, group in learn_groups(answer):
        link_colour = PLAIN_LINK if via == "below" else PEER_LINK
        for pattern in group["patterns"]:
            _pattern(b, pattern, via, root, link_colour)
            for chain in pattern["provenance"]:
                cycle = b.cycle(chain["cycle"], cycles, 4, top_level, via=via)
                experiment = _experiment(b, chain["experiment"], experiments)
                evidence = _evidence(b, chain)
                stance = chain["stance"]
                colour = SUPPORTS if stance == "supports" else CONTRADICTS
                b.edge(cycle, experiment, link_colour, "runs")
                b.edge(experiment, evidence, link_colour, "yielded")
                b.edge(evidence, f"pattern:{pattern['id']}", colour, stance, width=2,
                       dashes=stance != "supports")
        for item in group["recurring"]:
            node_id = f"recurring:{item['kind']}:{item['id']}"
            b.node(node_id, 1, label=f"{short(item['name'], 36)} ({item['cycle_count']} cycles)",
                   shape="diamond", size=14, color={"background": RECURRING, "border": "#8d6e00"},
                   info=[["recurring", f"{item['kind']} on experiments of {item['cycle_count']} cycles, "
                          "named by no pattern yet"], ["id", item["id"]], ["name", item["name"]],
                         ["cycles", joined(item["cycles"])], ["reached", via]])
            for experiment_id in item["experiments"]:
                experiment = _experiment(b, experiment_id, experiments)
                owner = experiments.get(experiment_id, {}).get("cycle_id")
                if owner:
                    b.edge(b.cycle(owner, cycles, 4, top_level, via=via), experiment, link_colour, "runs")
                b.edge(experiment, node_id, RECURRING, f"recurring {item['kind']}", dashes=True)
    legend = [
        LegendEntry("pattern", PATTERN), LegendEntry("recurring, not yet named", RECURRING),
        LegendEntry("evidence", EVIDENCE), LegendEntry("restricted evidence (withheld)", RESTRICTED),
        LegendEntry("experiment", EXPERIMENT),
        *(LegendEntry(f"cycle: {s}", c) for s, c in STATUS_COLOURS.items()),
        LegendEntry("supports", SUPPORTS, "edge"), LegendEntry("contradicts", CONTRADICTS, "edge", True),
        LegendEntry("runs / yielded / learned by", PLAIN_LINK, "edge"),
        LegendEntry("via a peer (horizontal learning)", PEER_LINK, "edge"),
    ]
    coverage = answer["coverage"]
    notes = [
        f"{len(answer['patterns'])} patterns from below, {len(answer['recurring'])} recurring unnamed; "
        f"resting on {coverage['cycles']} cycles, {coverage['experiments']} experiments, "
        f"{coverage['evidence']} evidence",
        f"depth {answer['depth'] or 'all'}, min_cycles {answer['min_cycles']}"
        + (f", {len(answer['peers'])} peer groups" if answer.get("include_peers") else "")
        + (f", viewer {answer['viewer_cycle']}" if answer.get("viewer_cycle") else ", no viewer cycle"),
    ]
    return b.spec("learn-from-below", title, legend, notes)


def _pattern(b: _Builder, pattern: Row, via: str, root: str, colour: str) -> None:
    node_id = f"pattern:{pattern['id']}"
    b.node(
        node_id, 1, label=short(pattern["statement"]), shape="dot",
        size=12 + 4 * min(pattern["lower_cycle_count"], 5),
        color={"background": PATTERN, "border": "#283593"},
        info=[["id", pattern["id"]], ["statement", pattern["statement"]], ["status", pattern["status"]],
              ["lower cycles", f"{pattern['lower_cycle_count']} ({joined(pattern['lower_cycles'])})"],
              ["evidence", f"{pattern['supporting']} supporting, {pattern['contradicting']} contradicting"],
              ["scales", joined(s["id"] for s in pattern["scales"])],
              ["factors", joined(f["name"] for f in pattern["factors"])], ["reached", via]],
    )
    b.edge(node_id, root, colour, f"learned by (from {via})")


def _experiment(b: _Builder, experiment_id: str, experiments: Mapping[str, Row]) -> str:
    node_id = f"experiment:{experiment_id}"
    experiment = experiments.get(experiment_id, {})
    b.node(
        node_id, 3, label=short(experiment.get("question") or experiment_id, 40), shape="square", size=10,
        color={"background": EXPERIMENT, "border": "#5d4037"},
        info=[["id", experiment_id], ["question", experiment.get("question")],
              ["kind", experiment.get("kind")], ["status", experiment.get("status")]],
    )
    return node_id


def _evidence(b: _Builder, chain: Row) -> str:
    node_id = f"evidence:{chain['evidence']}"
    if chain["restricted"]:
        label, colour = f"restricted {chain['evidence_kind']}", RESTRICTED
        detail = [["content", f"withheld ({chain['sensitivity']}): only its own cycle may read it"]]
    else:
        amount = " ".join(str(v) for v in (chain["value"], chain["unit"]) if v not in (None, ""))
        label, colour = short(amount or chain["text"] or chain["evidence"], 36), EVIDENCE
        detail = [["text", chain["text"]], ["value", amount or "—"]]
    b.node(node_id, 2, label=label, shape="triangle", size=10,
           color={"background": colour, "border": "#006064" if colour == EVIDENCE else "#616161"},
           info=[["id", chain["evidence"]], ["kind", chain["evidence_kind"]],
                 ["sensitivity", chain["sensitivity"]], *detail])
    return node_id


# --- enable below ----------------------------------------------------------------------------------

def conditions(answer: Row) -> list[Row]:
    return [*answer["barriers"], *answer["enablers"], *answer["resolved"]]


def enable_cycle_ids(answer: Row) -> set[str]:
    ids = {answer["cycle"]["id"]}
    for condition in conditions(answer):
        ids.update(condition["affected_cycles"])
        ids.update(r["cycle"] for r in condition["raised_by"])
        ids.update(a["cycle"] for a in condition["acted_on_by"])
    return ids


def enable_below_map(answer: Row, *, cycles: Mapping[str, Row], title: str) -> MapSpec:
    """Conditions below a cycle and the cycles that raise them, are affected, and act on them."""
    subject = answer["cycle"]
    everyone = {subject["id"]: subject, **cycles}
    top_level = max([subject.get("level") or 0, *((c.get("scale_level", c.get("level")) or 0)
                                                  for c in cycles.values())])
    b = _Builder()
    for condition in conditions(answer):
        node_id = f"condition:{condition['id']}"
        resolved = condition["status"] == "resolved"
        colour = RESOLVED if resolved else BARRIER if condition["kind"] == "barrier" else ENABLER
        unanswered = condition["unanswered"] and not resolved
        info = [["id", condition["id"]], ["kind", condition["kind"]], ["status", condition["status"]],
                ["description", condition["description"]], ["raised at", condition["raised_at"]],
                ["affects", f"{condition['affected_cycle_count']} cycles, "
                            f"{condition['affected_experiment_count']} experiments"],
                ["experiments", joined(condition["affected_experiments"])],
                ["acted on by", joined(f"{a['cycle']} ({a['action']}, {a['relation']})"
                                       for a in condition["acted_on_by"]) if condition["acted_on_by"]
                 else "nobody — unanswered"]]
        if resolved:
            info.append(["resolved", f"{condition.get('resolved_at') or '—'} by "
                                     f"{condition.get('resolved_by') or '—'}"])
        b.node(node_id, 0, label=("⚠ " if unanswered else "") + short(condition["description"], 40),
               shape="hexagon", size=12 + 3 * min(condition["affected_cycle_count"], 6), info=info,
               borderWidth=4 if unanswered else 1,
               color={"background": colour, "border": "#111111" if unanswered else "#424242"})
    for condition in conditions(answer):
        node_id = f"condition:{condition['id']}"
        # the answer's affected cycles: blocked/supported (directly or through an experiment) or
        # the cycle raised it; it does not say which, so neither does the map
        effect = "blocks" if condition["kind"] == "barrier" else "supports"
        meaning = f"affects this cycle: {effect} it or its experiments, or it raised it"
        for raiser in condition["raised_by"]:
            b.edge(b.cycle(raiser["cycle"], everyone, 1, top_level, focus=raiser["cycle"] == subject["id"]),
                   node_id, PLAIN_LINK, "raised", dashes=[2, 4])
        for cycle_id in condition["affected_cycles"]:
            cycle = b.cycle(cycle_id, everyone, 1, top_level, focus=cycle_id == subject["id"])
            b.edge(node_id, cycle, BARRIER if effect == "blocks" else ENABLER, meaning, width=2)
        for actor in condition["acted_on_by"]:
            cycle = b.cycle(actor["cycle"], everyone, 1, top_level, focus=actor["cycle"] == subject["id"],
                            via=actor["relation"])
            b.edge(cycle, node_id, ACTS_ON, f"acts on: {actor['action']} ({actor['relation']})",
                   width=3, label=actor["action"])
    b.cycle(subject["id"], everyone, 1, top_level, focus=True)
    legend = [
        LegendEntry("barrier (open / acting)", BARRIER), LegendEntry("enabler (open / acting)", ENABLER),
        LegendEntry("resolved condition", RESOLVED),
        *(LegendEntry(f"cycle: {s}", c) for s, c in STATUS_COLOURS.items()),
        LegendEntry("barrier affects (blocks, or raised by)", BARRIER, "edge"),
        LegendEntry("enabler affects (supports, or raised by)", ENABLER, "edge"),
        LegendEntry("acts on (remove / nurture)", ACTS_ON, "edge"),
        LegendEntry("raised", PLAIN_LINK, "edge", dashed=True),
    ]
    unanswered = sum(1 for c in conditions(answer) if c["unanswered"] and c["status"] != "resolved")
    notes = [f"{len(answer['barriers'])} barriers, {len(answer['enablers'])} enablers open or acting "
             f"({unanswered} unanswered, marked ⚠), {len(answer['resolved'])} resolved; "
             f"depth {answer['depth'] or 'all'}"]
    return b.spec("enable-below", title, legend, notes)

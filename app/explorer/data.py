"""What the explorer's pages show, read from Neo4j through the named queries and the domain's own
functions (systems, analysis, the two questions). Pure data: the routes render it.

Every answer carries names next to ids (factors, cycles, experiments), because people read names.
Restricted evidence stays restricted: the home page shows an evidence text only when it is public,
and the cycle page asks the questions without a viewer cycle (restricted text withheld).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

import networkx as nx

from app.explorer.search import rank
from graph.analysis.centrality import LOOP_LENGTH, centrality
from graph.analysis.common import factor_ref, ordered, resolve_factor
from graph.analysis.loops import feedback_loops
from graph.core.db import Graph
from graph.learning import questions
from graph.learning.cycles import get_cycle
from graph.systems.system import read_system_graph
from viz.system_map import cluster_colours, polarity_sign

# Loop counts on the home page stop after this long per system (the page then says "at least").
HOME_LOOP_SECONDS = 2.0
RECENT = 6
# Cycles listed per scale on the home page (a region's thousands of cycles would make a page of
# megabytes); the count says how many there are, the search box finds the others.
HOME_CYCLES_PER_SCALE = 100
SCALE_WORDS = {"person": "people", "team": "teams", "organisation": "organisations", "place": "places",
               "region": "regions"}


def system_url(system_id: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"/explore/systems/{quote(system_id, safe='')}" + (f"?{query}" if query else "")


def cycle_url(cycle_id: str, anchor: str = "") -> str:
    return f"/explore/cycles/{quote(cycle_id, safe='')}" + (f"#{anchor}" if anchor else "")


def home(graph: Graph, per_scale: int | None = None) -> dict[str, Any]:
    """Systems with counts (and loops up to 6 links), the stack by scale (each scale's cycle count
    and its first ``per_scale`` cycles by name), the recent learning."""
    systems = [row["system"] for row in graph.read("systems/explorer_systems")]
    for system in systems:
        G = read_system_graph(graph, system["id"])
        found = feedback_loops(G, max_length=LOOP_LENGTH, limit=0, time_budget=HOME_LOOP_SECONDS)
        system["loops"] = found["totals"]
        system["loops_complete"] = found["complete"]
        system["url"] = system_url(system["id"])
    scales = [
        {"id": row["scale"], "name": row["scale_name"] or row["scale"], "level": row["level"],
         "total": row["total"], "cycles": [{**c, "url": cycle_url(c["id"])} for c in row["cycles"]]}
        for row in graph.read("learning/explorer_stack", per_scale=per_scale or HOME_CYCLES_PER_SCALE)
    ]
    recent = graph.read("learning/explorer_recent", limit=RECENT)[0]
    return {"systems": systems, "scales": scales, "recent": recent}


def hit_url(hit: dict[str, Any]) -> str | None:
    """Where a search result opens: its system (a factor selected, a cluster filtered) or its cycle."""
    kind = hit["kind"]
    if kind == "factor":
        return system_url(hit["system_id"], factor=hit["id"])
    if kind == "cluster":
        return system_url(hit["system_id"], cluster=hit["name"])
    if hit.get("cycle_id"):
        anchor = {"pattern": f"pattern-{hit['id']}", "experiment": f"experiment-{hit['id']}"}.get(kind, "")
        return cycle_url(hit["cycle_id"], anchor)
    return None


def search(graph: Graph, query: str, limit: int = 30) -> list[dict[str, Any]]:
    """The ranked matches of ``query`` over every searchable kind, each with the URL it opens."""
    hits = rank(graph.read("learning/explorer_search"), query, limit)
    return [{"kind": h["kind"], "id": h["id"], "name": h["name"], "context": h["context"],
             "url": hit_url(h)} for h in hits]


def _name(G: nx.DiGraph, node: Any) -> str:
    return str(G.nodes[node].get("name") or node)


def system_page(graph: Graph, system_id: str) -> dict[str, Any]:
    """The system's factors and links as table rows (names, clusters, polarity, every centrality
    measure with loops through each), and its clusters with their colours."""
    G = read_system_graph(graph, system_id)
    measures = centrality(G)
    colours = cluster_colours(G)
    factors = [
        {"id": n, "name": _name(G, n), "cluster": G.nodes[n].get("cluster") or "",
         "description": G.nodes[n].get("description") or "", **measures["factors"][n]}
        for n in ordered(G)
    ]
    links = [
        {"from": a, "to": b, "from_name": _name(G, a), "to_name": _name(G, b),
         "polarity": _polarity_word(attrs.get("polarity")), "delay": attrs.get("delay"),
         "strength": attrs.get("strength")}
        for a, b, attrs in sorted(G.edges(data=True), key=lambda e: (_name(G, e[0]), _name(G, e[1])))
    ]
    counts: dict[str, int] = defaultdict(int)
    for row in factors:
        counts[row["cluster"]] += 1
    clusters = [{"name": name, "colour": colour, "factors": counts[name]} for name, colour in colours.items()]
    if counts.get(""):
        clusters.append({"name": "", "colour": "#b0b7bf", "factors": counts[""]})
    polarities = sorted({row["polarity"] for row in links})
    return {
        "id": system_id, "name": G.graph.get("name") or system_id, "outcome": G.graph.get("outcome"),
        "factors": factors, "links": links, "clusters": clusters, "polarities": polarities,
        "loop_length": measures["loop_length"], "loops_complete": measures["loops_complete"],
        "eigenvector_method": measures["eigenvector_method"],
    }


def _polarity_word(polarity: Any) -> str:
    if polarity in (1, -1, "+", "-", "-1", "1", "negative", "positive"):
        return "positive" if polarity_sign(polarity) > 0 else "negative"
    return "unknown"


def factor_panel(graph: Graph, system_id: str, ref: str, max_length: int = LOOP_LENGTH) -> dict[str, Any]:
    """One factor for the side panel: definition, cluster, neighbours with polarity, the loops
    through it (up to ``max_length`` links), its centrality with ranks, and the experiments that act
    on it with their cycles. An unknown ``ref`` is a 404 with "did you mean"."""
    G = read_system_graph(graph, system_id)
    node = resolve_factor(G, ref, system_id)
    measures = centrality(G, loop_length=max_length)
    every = measures["factors"]
    ranks = {m: 1 + sum(1 for v in every.values() if (v[m] or 0) > (every[node][m] or 0))
             for m in ("degree", "betweenness", "reach", "loops")}
    loops = feedback_loops(G, max_length=max_length, limit=50, through=node, time_budget=5.0)

    def neighbours(pairs: Iterable[tuple[Any, Any]], other: int) -> list[dict[str, Any]]:
        return [{**factor_ref(G, pair[other]), "polarity": _polarity_word(G.edges[pair].get("polarity"))}
                for pair in sorted(pairs, key=lambda p: _name(G, p[other]))]

    return {
        **factor_ref(G, node), "system": system_id,
        "description": G.nodes[node].get("description"), "cluster": G.nodes[node].get("cluster"),
        "upstream": neighbours(G.in_edges(node), 0), "downstream": neighbours(G.out_edges(node), 1),
        "centrality": every[node], "ranks": ranks, "of": len(G),
        "loops": {"totals": loops["totals"], "complete": loops["complete"], "max_length": max_length,
                  "listed": loops["loops"]},
        "experiments": graph.read("systems/explorer_factor_experiments", factor_id=node),
    }


def cycle_page(
    graph: Graph, cycle_id: str, depth: int | None, min_cycles: int, include_peers: bool,
) -> dict[str, Any]:
    """The cycle, its stack, and its two questions arranged for people (see the module docstring)."""
    cycle = get_cycle(graph, cycle_id)
    # every chain: the page groups patterns by the scales of all their supporting cycles
    learn = questions.learn_from_below(graph, cycle_id, depth=depth, min_cycles=min_cycles,
                                       include_peers=include_peers, provenance_limit=None)
    enable = questions.enable_below(graph, cycle_id, depth=depth)
    stack = questions.cycle_stack(graph, cycle_id)
    # The names of the cycles this page mentions (not of every cycle in the database).
    mentioned = sorted(set(_strings([cycle, learn, enable, stack])))
    names = {row["id"]: row["name"] for row in graph.read("questions/question_cycles", ids=mentioned)}
    patterns = sorted(learn["patterns"], key=lambda p: (-p["lower_cycle_count"], -p["supporting"],
                                                        p["contradicting"], p["id"]))
    conditions = [*enable["barriers"], *enable["enablers"]]
    # unanswered first, then the most affected cycles, then the oldest
    ranked = sorted(conditions, key=lambda c: (
        not c["unanswered"], -c["affected_cycle_count"],
        c.get("oldest_raised_at") or c.get("raised_at") or "", c["id"]))
    today = datetime.now(UTC).date()
    for condition in ranked:
        since = condition.get("oldest_raised_at") or condition.get("raised_at")
        condition["age_days"] = (today - date.fromisoformat(since[:10])).days if since else None
    return {
        "cycle": cycle, "learn": learn, "enable": enable, "stack": stack, "names": names,
        "experiments": graph.read("learning/explorer_cycle_experiments", cycle_id=cycle_id),
        "patterns": patterns, "by_scale": recurring_by_scale(patterns), "conditions": ranked,
        "systems": sorted({f["id"].split(":", 1)[0] for p in patterns for f in p["factors"]}),
    }


def _strings(value: Any) -> Iterator[str]:
    """Every string in ``value`` (dicts' values and lists, all the way down).

    >>> sorted(_strings({"a": ["x", {"b": "y", "c": 3}], "d": None}))
    ['x', 'y']
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def recurring_by_scale(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per scale, the patterns that two or more cycles at that scale support ("patterns that recur
    across teams"), most cycles first.

    >>> chain = lambda c, s: {"cycle": c, "scale": s, "stance": "supports"}
    >>> p = {"id": "p", "provenance": [chain("t1", "team"), chain("t2", "team"), chain("x", "person")]}
    >>> [(g["scale"], g["title"], [r["cycles"] for r in g["patterns"]]) for g in recurring_by_scale([p])]
    [('team', 'Patterns that recur across teams', [['t1', 't2']])]
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pattern in patterns:
        by_scale: dict[str, set[str]] = defaultdict(set)
        for chain in pattern["provenance"]:
            if chain["stance"] == "supports":
                by_scale[chain["scale"]].add(chain["cycle"])
        for scale, cycles in by_scale.items():
            if len(cycles) >= 2:
                groups[scale].append({"pattern": pattern, "cycles": sorted(cycles)})
    order = list(SCALE_WORDS)
    return [
        {"scale": scale, "title": f"Patterns that recur across {SCALE_WORDS.get(scale, scale)}",
         "patterns": sorted(rows, key=lambda r: (-len(r["cycles"]), r["pattern"]["id"]))}
        for scale, rows in sorted(groups.items(), key=lambda g: -order.index(g[0]) if g[0] in order else 0)
    ]

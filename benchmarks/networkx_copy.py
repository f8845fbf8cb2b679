"""The baseline the questions are measured against: an in-memory networkx copy of the whole learning
network, and learn-from-below answered on it by plain Python (the same definitions as
``graph.learning.questions``, checked against it by :func:`same_patterns`).

The copy is one ``nx.DiGraph``: cycles, experiments, evidence, patterns as nodes (``label``),
FEEDS_INTO / RUNS / YIELDED / DERIVED_FROM (``stance``) as edges; scales and factors as attributes.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

import networkx as nx

from graph.core.db import Graph
from graph.learning.sensitivity import Reader, redact

# Who reads: as the in-process answer it is checked against (the local caller, an admin).
ADMIN_READER = Reader("admin")

READS = {
    "cycles": "MATCH (c:LearningCycle)-[:AT_SCALE]->(s:Scale) RETURN c.id, s.id, s.level",
    "feeds": "MATCH (a:LearningCycle)-[:FEEDS_INTO]->(b:LearningCycle) RETURN a.id, b.id",
    "experiments": "MATCH (c:LearningCycle)-[:RUNS]->(e:Experiment) "
                   "RETURN c.id, e.id, e.status, e.outcome, COLLECT { MATCH (e)-[:INTERVENES_ON]->(f) "
                   "RETURN [f.id, f.name] }",
    "evidence": "MATCH (e:Experiment)-[:YIELDED]->(v:Evidence) "
                "RETURN e.id, v.id, v.kind, v.sensitivity, v.text, v.value, v.unit",
    "patterns": "MATCH (p:Pattern)-[d:DERIVED_FROM]->(v:Evidence) RETURN p.id, p.statement, p.status, "
                "v.id, d.stance",
}


def copy_learning_network(graph: Graph) -> nx.DiGraph:
    """The whole learning network read into memory (what 'networkx in-memory' means here)."""
    def read(tx: Any) -> dict[str, list[list[Any]]]:
        return {name: [list(r.values()) for r in tx.run(q)] for name, q in READS.items()}

    rows = graph.read_tx(read)
    G = nx.DiGraph()
    for cid, scale, level in rows["cycles"]:
        G.add_node(cid, label="cycle", scale=scale, level=level)
    for a, b in rows["feeds"]:
        G.add_edge(a, b, type="FEEDS_INTO")
    for cid, eid, status, outcome, factors in rows["experiments"]:
        G.add_node(eid, label="experiment", status=status, outcome=outcome, factors=factors)
        G.add_edge(cid, eid, type="RUNS")
    for eid, vid, kind, sensitivity, text, value, unit in rows["evidence"]:
        G.add_node(vid, label="evidence", kind=kind, sensitivity=sensitivity, text=text, value=value,
                   unit=unit)
        G.add_edge(eid, vid, type="YIELDED")
    for pid, statement, status, vid, stance in rows["patterns"]:
        G.add_node(pid, label="pattern", statement=statement, status=status)
        G.add_edge(pid, vid, type="DERIVED_FROM", stance=stance)
    return G


def below(G: nx.DiGraph, root: str) -> dict[str, int]:
    """Cycles with a FEEDS_INTO path to ``root``, at their shortest distance (BFS)."""
    seen, queue = {root: 0}, deque([root])
    while queue:
        node = queue.popleft()
        for lower in G.predecessors(node):
            if lower not in seen and G.nodes[lower]["label"] == "cycle":
                seen[lower] = seen[node] + 1
                queue.append(lower)
    del seen[root]
    return seen


def learn(G: nx.DiGraph, root: str, provenance_limit: int | None = 5,
          viewer: str | None = None) -> dict[str, Any]:
    """Learn from below on the copy: patterns (counts, scales, factors, first chains), recurring
    factors/outcomes and coverage of the cycles below ``root`` (no depth, no peers)."""
    nodes = G.nodes
    cycles = below(G, root)
    found: dict[str, dict[str, Any]] = {}
    coverage = {"by_scale": defaultdict(list), "status": defaultdict(int), "evidence": defaultdict(int)}
    seen_by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for cycle in cycles:
        c = nodes[cycle]
        coverage["by_scale"][(c["level"], c["scale"])].append(cycle)
        for exp in G.successors(cycle):
            x = nodes[exp]
            if x["label"] != "experiment":
                continue
            coverage["status"][x["status"]] += 1
            named = False
            for ev in G.successors(exp):
                v = nodes[ev]
                coverage["evidence"][(v["kind"], v["sensitivity"])] += 1
                for pattern in G.predecessors(ev):
                    if nodes[pattern]["label"] != "pattern":
                        continue
                    named = True
                    stance = G.edges[pattern, ev]["stance"]
                    p = found.setdefault(pattern, {"sup": set(), "con": set(), "nsup": set(), "ncon": set(),
                                                   "scales": {}, "exps": set(), "chains": []})
                    (p["sup"] if stance == "supports" else p["con"]).add(cycle)
                    (p["nsup"] if stance == "supports" else p["ncon"]).add(ev)
                    p["scales"][c["scale"]] = c["level"]
                    p["exps"].add(exp)
                    p["chains"].append((c["level"], cycle, exp, ev, stance))
            keys = [("factor", f[0], f[1]) for f in x["factors"]]
            if x["outcome"] is not None:
                keys.append(("outcome", x["outcome"], x["outcome"]))
            for kind, key, name in keys:
                r = seen_by_key.setdefault((kind, key), {"name": name, "cycles": set(), "exps": set(),
                                                         "named": False})
                r["cycles"].add(cycle)
                r["exps"].add(exp)
                r["named"] = r["named"] or named
    patterns = []
    for pid, p in found.items():
        if not p["sup"]:
            continue
        chains = sorted(p["chains"])
        shown = chains if provenance_limit is None else chains[:provenance_limit]
        factors = sorted({tuple(f) for e in p["exps"] for f in nodes[e]["factors"]})
        patterns.append({
            "id": pid, "statement": nodes[pid]["statement"], "status": nodes[pid]["status"],
            "lower_cycle_count": len(p["sup"]), "lower_cycles": sorted(p["sup"]),
            "contradicting_cycles": sorted(p["con"]), "supporting": len(p["nsup"]),
            "contradicting": len(p["ncon"]),
            "scales": [{"id": s, "level": lv} for s, lv in sorted(p["scales"].items(), key=lambda i: i[1])],
            "factors": [{"id": f, "name": n} for f, n in factors], "provenance_count": len(chains),
            "provenance": [_chain(G, pid, chain, viewer) for chain in shown],
        })
    patterns.sort(key=lambda p: (-p["lower_cycle_count"], -p["supporting"], p["id"]))
    recurring = sorted(
        ({"kind": kind, "id": key, "name": r["name"], "cycle_count": len(r["cycles"]),
          "cycles": sorted(r["cycles"]), "experiments": sorted(r["exps"])}
         for (kind, key), r in seen_by_key.items() if len(r["cycles"]) >= 2 and not r["named"]),
        key=lambda r: (-r["cycle_count"], r["kind"], r["id"]))
    return {"patterns": patterns, "recurring": recurring, "coverage": {
        "cycles": len(cycles),
        "cycles_by_scale": [{"scale": s, "level": lv, "count": len(ids), "cycles": sorted(ids)}
                            for (lv, s), ids in sorted(coverage["by_scale"].items())],
        "experiments": sum(coverage["status"].values()), "evidence": sum(coverage["evidence"].values())}}


def _chain(G: nx.DiGraph, pattern: str, chain: tuple, viewer: str | None) -> dict[str, Any]:
    _, cycle, exp, ev, stance = chain
    v = G.nodes[ev]
    shown = redact({"sensitivity": v["sensitivity"], "text": v["text"], "value": v["value"],
                    "unit": v["unit"]}, cycle, viewer, ADMIN_READER)
    return {"cycle": cycle, "experiment": exp, "evidence": ev, "stance": stance, "pattern": pattern,
            "scale": G.nodes[cycle]["scale"], "evidence_kind": v["kind"], "sensitivity": v["sensitivity"],
            "text": shown["text"], "value": shown["value"], "unit": shown["unit"],
            "restricted": shown["restricted"]}


def same_patterns(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Do the two answers agree on the patterns, their counts and their shown chains?"""
    def key(answer: dict[str, Any]) -> list[tuple]:
        return [(p["id"], p["lower_cycle_count"], p["supporting"], p["contradicting"],
                 p["provenance_count"], [c["evidence"] for c in p["provenance"]])
                for p in answer["patterns"]]
    return key(ours) == key(theirs) and ours["coverage"]["cycles"] == theirs["coverage"]["cycles"]

"""Independent readings of the real files in tests/data/real, for the format tests to compare the
importers against: each counts factors and links (with their signs) straight from the file with the
standard library, and :func:`loop_totals` classifies loops with networkx's own cycle search."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

REAL = Path(__file__).parent / "data" / "real"
SYNTHETIC = Path(__file__).parent / "data" / "synthetic"
Edge = tuple[str, str, int | None]


def upload(path: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes())]


def merge_edges(edges: Iterable[Edge]) -> dict[tuple[str, str], int | None]:
    """One sign per ordered pair: a pair given twice with different signs is unknown."""
    merged: dict[tuple[str, str], int | None] = {}
    for u, v, sign in edges:
        if (u, v) in merged:
            if merged[(u, v)] is None:
                merged[(u, v)] = sign
            elif sign is not None and merged[(u, v)] != sign:
                merged[(u, v)] = None
        else:
            merged[(u, v)] = sign
    return merged


def loop_totals(edges: dict[tuple[str, str], int | None], max_length: int = 6) -> dict[str, int]:
    """Reinforcing / balancing / undetermined loops of up to ``max_length`` links."""
    g = nx.DiGraph()
    for (u, v), sign in edges.items():
        g.add_edge(u, v, sign=sign)
    totals = {"reinforcing": 0, "balancing": 0, "undetermined": 0}
    for cycle in nx.simple_cycles(g, length_bound=max_length):
        signs = [g.edges[u, v]["sign"] for u, v in zip(cycle, cycle[1:] + cycle[:1], strict=True)]
        if any(s is None for s in signs):
            totals["undetermined"] += 1
        else:
            totals["balancing" if sum(1 for s in signs if s < 0) % 2 else "reinforcing"] += 1
    return totals


# --- XMILE ---------------------------------------------------------------------------------------


def _ln(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _xkey(name: str) -> str:
    return " ".join(name.replace("\\n", " ").replace("_", " ").replace('"', " ").split()).lower()


def xmile_count(path: Path) -> tuple[int, dict[tuple[str, str], int | None]]:
    """(factors, signed links) of an XMILE file, modules flattened by qualified names."""
    root = ET.parse(path).getroot()
    models = {m.get("name", ""): m for m in root if _ln(m) == "model"}
    names, edges, bound = set(), [], {}

    def walk(model: ET.Element, prefix: str) -> None:
        variables = next(c for c in model if _ln(c) == "variables")
        for v in variables:
            if _ln(v) == "module":
                for c in v:
                    if _ln(c) == "connect":
                        to = ".".join(_xkey(p) for p in c.get("to").lstrip(".").split("."))
                        frm = ".".join(_xkey(p) for p in c.get("from").lstrip(".").split("."))
                        bound[prefix + to] = prefix + frm
                walk(models[v.get("name")], prefix + _xkey(v.get("name")) + ".")
        for v in variables:
            if _ln(v) in ("stock", "flow", "aux", "gf"):
                names.add(prefix + _xkey(v.get("name")))
                for c in v:
                    if _ln(c) in ("inflow", "outflow"):
                        edges.append(
                            (
                                prefix + _xkey(c.text),
                                prefix + _xkey(v.get("name")),
                                1 if _ln(c) == "inflow" else -1,
                            )
                        )
        modules = {_xkey(v.get("name")) for v in variables if _ln(v) == "module"}
        for view in (w for views in model if _ln(views) == "views" for w in views if _ln(w) == "view"):
            ghosts = {a.get("uid"): a.find("./{*}of").text for a in view if _ln(a) == "alias"}
            for con in (c for c in view if _ln(c) == "connector"):
                ends = []
                for side in ("from", "to"):
                    end = con.find(f"./{{*}}{side}")
                    alias = end.find("./{*}alias")
                    ends.append(_xkey(ghosts[alias.get("uid")] if alias is not None else end.text))
                if ends[0] in modules or ends[1] in modules:
                    continue
                sign = {"+": 1, "-": -1}.get(con.get("polarity") or "")
                edges.append((prefix + ends[0], prefix + ends[1], sign))

    walk(models.get("", next(iter(models.values()))), "")

    def resolve(key: str) -> str:
        while key in bound:
            key = bound[key]
        return key

    factors = {n for n in names if n not in bound}
    return len(factors), merge_edges((resolve(u), resolve(v), s) for u, v, s in edges)


# --- Vensim --------------------------------------------------------------------------------------


def vensim_count(path: Path) -> tuple[int, dict[tuple[str, str], int | None]]:
    """(factors, signed links) from the sketch lines of a V300 .mdl file."""
    text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    sketch = text.split("\\\\\\---///", 1)[1]
    if "\nV300" not in sketch[:200]:  # the legacy (V160) sketch: |id,name,... words, >from,to,shape,hid,pol
        words = {m[0]: m[1] for m in re.findall(r"^\|(\d+),([^\"\n][^,]*),", sketch, re.M)}
        arrows = re.findall(r"^>(\d+),(\d+),\d+,\d+,(\d+),", sketch, re.M)
        return len(words), merge_edges(
            (words[a].lower(), words[b].lower(), {43: 1, 45: -1}.get(int(p)))
            for a, b, p in arrows
            if a in words and b in words
        )
    names: set[str] = set()
    edges: list[Edge] = []
    for view in re.split(r"\n\*", sketch)[1:]:
        lines = view.split("\n")
        words, valves, arrows, last_valve = {}, {}, [], None
        for line in lines:
            f = line.split(",")
            if f[0] == "11":
                last_valve = f[1]
            elif f[0] == "10":
                name = " ".join(f[2].strip('"').replace("_", " ").split()).lower()
                words[f[1]] = name
                if last_valve and int(f[7]) & 32:
                    valves[last_valve] = name
                last_valve = None
            elif f[0] == "1":
                arrows.append(f)
        names.update(words.values())
        for f in arrows:
            if f[2] in valves and int(f[7]) >= 20:
                if f[3] in words:
                    edges.append((valves[f[2]], words[f[3]], -1 if f[4] == "100" else 1))
                continue
            ends = [words.get(e) or valves.get(e) for e in (f[2], f[3])]
            if all(ends):
                edges.append((ends[0], ends[1], {43: 1, 45: -1, 83: 1, 79: -1}.get(int(f[6]))))
    return len(names), merge_edges(edges)


# --- GEXF / GraphML / GML -----------------------------------------------------------------------


def gexf_count(path: Path) -> tuple[int, int, bool]:
    """(nodes, edges, directed) read with ElementTree by local names."""
    root = ET.parse(path).getroot()
    nodes = [e for e in root.iter() if _ln(e) == "node"]
    edges = [e for e in root.iter() if _ln(e) == "edge"]
    graph = next(e for e in root.iter() if _ln(e) == "graph")
    return len(nodes), len(edges), (graph.get("defaultedgetype") or "undirected") == "directed"


def graphml_count(path: Path) -> tuple[int, int, bool]:
    root = ET.parse(path).getroot()
    graph = next(e for e in root.iter() if _ln(e) == "graph")
    return (
        sum(1 for e in root.iter() if _ln(e) == "node"),
        sum(1 for e in root.iter() if _ln(e) == "edge"),
        graph.get("edgedefault") == "directed",
    )


def gml_count(path: Path) -> tuple[int, list[tuple[str, str]], bool]:
    """(nodes, edge endpoints, directed) by tokenising the GML text."""
    tokens = re.findall(r'"[^"]*"|\[|\]|[^\s\[\]]+', path.read_text(encoding="utf-8"))
    nodes, edges, directed, stack, current = 0, [], False, [], {}
    for i, tok in enumerate(tokens):
        if tok == "[":
            stack.append(tokens[i - 1])
            current = {}
        elif tok == "]":
            kind = stack.pop()
            if kind == "node":
                nodes += 1
            elif kind == "edge":
                edges.append((current["source"], current["target"]))
        elif stack and stack[-1] in ("node", "edge") and tokens[i - 1] in ("source", "target"):
            current[tokens[i - 1]] = tok
        elif stack == ["graph"] and tokens[i - 1] == "directed":
            directed = tok == "1"
    return nodes, edges, directed


def prsm_doc(path: Path) -> dict:
    """A PRSM map's JSON: plain, or LZ-string compressed (decompressed by the importer's helper,
    whose output must then parse as PRSM JSON with the counts asserted)."""
    from graph.formats.lzstring import decompress_from_utf16

    text = path.read_text(encoding="utf-8")
    return json.loads(text if text.lstrip().startswith("{") else decompress_from_utf16(text))

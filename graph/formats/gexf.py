"""GEXF (Gephi) files of any version — 1.0 under the old gephi.org namespace, 1.1draft (also with the
malformed ``http:///`` namespace), 1.2draft, 1.3 — read by element names, namespaces ignored, into the
same builder as GraphML and GML (:func:`graph.formats.networkx_xml.build_snapshot`). Writing GEXF
goes through networkx (:func:`graph.formats.networkx_xml.write_gexf`)."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from graph.formats.errors import FormatError
from graph.formats.networkx_xml import build_snapshot, number
from graph.formats.report import ImportReport
from graph.formats.safety import local, parse_xml
from graph.formats.tables import decode_text, single_file
from graph.systems.snapshot import SystemSnapshot


def _attvalues(el: Element, titles: dict[str, tuple[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for block in (c for c in el if local(c.tag) == "attvalues"):
        for att in (c for c in block if local(c.tag) == "attvalue"):
            key = att.get("for") or att.get("id") or ""
            if key not in titles and key.isdigit() and int(key) < len(titles):
                key = list(titles)[int(key)]  # GEXF 1.0 numbers attvalues by the attribute's position
            title, kind = titles.get(key, (key, "string"))
            raw = att.get("value")
            if raw is None or not title:
                continue
            if kind in ("integer", "long"):
                values[title] = int(raw) if re.fullmatch(r"[+-]?\d+", raw.strip()) else raw
            elif kind in ("float", "double"):
                values[title] = number(raw) if number(raw) is not None else raw
            elif kind == "boolean":
                values[title] = raw.strip().lower() == "true"
            else:
                values[title] = raw
    return values


def parse_gexf(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    """GEXF of any version, read by local names (namespaces are ignored)."""
    name, data = single_file(files, "a GEXF upload")
    decode_text(name, data)  # names a byte that is not UTF-8 before the XML parser meets it
    root = parse_xml(name, data)
    if local(root.tag) != "gexf":
        raise FormatError(f"the root element is <{local(root.tag)}>, not <gexf>", name)
    graph = next((c for c in root if local(c.tag) == "graph"), None)
    if graph is None:
        raise FormatError("no <graph> element", name)
    default = (graph.get("defaultedgetype") or "undirected").lower()
    titles: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for block in (c for c in graph if local(c.tag) == "attributes"):
        cls = (block.get("class") or "node").lower()
        for att in (c for c in block if local(c.tag) == "attribute"):
            titles.setdefault(cls, {})[att.get("id") or ""] = (
                att.get("title") or att.get("id") or "",
                (att.get("type") or "string").lower(),
            )
    nodes: list[tuple[str, dict[str, Any]]] = []
    for block in (c for c in graph if local(c.tag) == "nodes"):
        for node in (c for c in block if local(c.tag) == "node"):
            attrs = _attvalues(node, titles["node"])
            if node.get("label") is not None:
                attrs["label"] = node.get("label")
            position = next((c for c in node if local(c.tag) == "position"), None)
            if position is not None:
                attrs["viz"] = {"position": {"x": position.get("x"), "y": position.get("y")}}
            nodes.append((str(node.get("id")), attrs))
    edges: list[tuple[str, str, dict[str, Any], str]] = []
    for block in (c for c in graph if local(c.tag) == "edges"):
        for edge in (c for c in block if local(c.tag) == "edge"):
            attrs = _attvalues(edge, titles["edge"])
            for key in ("id", "label"):
                if edge.get(key) is not None:
                    attrs[key if key == "id" else "edge_label"] = edge.get(key)
            if number(edge.get("weight")) is not None:
                attrs["weight"] = number(edge.get("weight"))
            direction = (edge.get("type") or default).lower()
            edges.append((str(edge.get("source")), str(edge.get("target")), attrs, direction))
    meta = next((c for c in root if local(c.tag) == "meta"), None)
    title = next(
        (
            ("".join(c.itertext())).strip()
            for c in (meta if meta is not None else [])
            if local(c.tag) == "title"
        ),
        "",
    )
    title = graph.get("name") or title  # networkx writes the name on <graph>, Gephi a <meta><title>
    graph_attrs: dict[str, Any] = {"name": title} if title else {}
    text = data.decode("utf-8", "replace")
    return build_snapshot(name, report, default != "undirected", graph_attrs, nodes, edges, "GEXF", text)

"""GraphML and GEXF (for Gephi, yEd, Cytoscape) and GML: GraphML/GEXF written by networkx, GraphML
and GML read by networkx, GEXF read here by local element names so that every GEXF dialect reads
alike (1.0's ``http://www.gephi.org/gexf``, 1.1draft, 1.2draft, 1.3 with or without ``www.``, and
the malformed ``http:///`` viz namespace Gephi 0.7 wrote). XML is checked by defusedxml first.

Nodes are factors keyed by local id, with ``label`` (the name), ``description``, ``cluster``
(name), ``cluster_id``, ``cluster_colour`` and the extras; positions are ``x``/``y`` attributes in
GraphML and ``viz:position`` in GEXF. Edges carry ``polarity`` (+1/-1), ``strength``, ``delay``,
``evidence`` and the extras. GraphML also carries the system (``system_id``, ``name``, ``outcome``,
``description`` graph attributes); GEXF carries only its name. Lists become ``a | b`` text.
Files must be UTF-8.

Reading real files (Gephi, igraph, yEd exports) never refuses what those tools accept:

- an undirected graph (or edge) is kept as one link per edge, marked ``undirected = true`` and left
  out of loop and path analysis (report ``undirected``); a ``mutual`` GEXF edge is two links;
- parallel edges are kept once (``merged``); same-label nodes are renamed ``Name (2)``;
- the sign comes from a ``polarity``/``sign`` attribute; without one the link's polarity is unknown
  (a Gephi ``weight`` is kept as the ``weight`` property, not read as a sign);
- an attribute named like a core field (``id``, ``name``...) is kept as ``attr_<name>``.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from graph.formats.mapbuild import MapBuilder, usable_id
from graph.formats.report import ImportReport
from graph.formats.safety import parse_xml
from graph.formats.tables import (
    FormatError,
    decode_extra_key,
    decode_text,
    encode_extra_key,
    join_list,
    single_file,
)
from graph.formats.vocabulary import DIRECTION_WORDS, read_polarity
from graph.systems.snapshot import CORE_FACTOR_KEYS, CORE_LINK_KEYS, SystemSnapshot

GRAPHML_MEDIA_TYPE, GRAPHML_SUFFIX = "application/graphml+xml", ".graphml"
GEXF_MEDIA_TYPE, GEXF_SUFFIX = "application/gexf+xml", ".gexf"
GML_MEDIA_TYPE, GML_SUFFIX = "text/vnd.gml", ".gml"
_NODE_ATTRS = ["label", "name", "description", "cluster", "cluster_id", "cluster_colour", "x", "y", "viz"]
_EDGE_ATTRS = ["polarity", "sign", "strength", "delay", "evidence", "id"]


def _to_nx(snapshot: SystemSnapshot, gexf: bool) -> nx.DiGraph:
    g = nx.DiGraph()
    graph_attrs = (
        {"name": snapshot.name}
        if gexf
        else {
            "system_id": snapshot.id,
            "name": snapshot.name,
            "outcome": snapshot.outcome,
            "description": snapshot.description,
        }
    )
    g.graph.update({k: v for k, v in graph_attrs.items() if v is not None})
    names = snapshot.cluster_names()
    colours = {c.local_id: c.colour for c in snapshot.clusters}
    for f in snapshot.factors:
        attrs: dict[str, Any] = {"label": f.name, "description": f.description}
        if f.cluster:
            attrs.update(
                cluster=names[f.cluster], cluster_id=f.cluster, cluster_colour=colours.get(f.cluster)
            )
        if gexf and f.x is not None and f.y is not None:
            attrs["viz"] = {"position": {"x": float(f.x), "y": float(f.y), "z": 0.0}}
        else:
            attrs.update(x=f.x, y=f.y)
        attrs.update({encode_extra_key(k, _NODE_ATTRS): join_list(v) for k, v in f.properties.items()})
        g.add_node(f.local_id, **{k: v for k, v in attrs.items() if v is not None})
    for link in snapshot.links:
        attrs = {
            "polarity": None if link.polarity is None else int(link.polarity),
            "strength": link.strength,
            "delay": bool(link.delay),
            "evidence": link.evidence,
        }
        attrs.update({encode_extra_key(k, _EDGE_ATTRS): join_list(v) for k, v in link.properties.items()})
        g.add_edge(link.source, link.target, **{k: v for k, v in attrs.items() if v is not None})
    return g


def write_graphml(snapshot: SystemSnapshot) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_to_nx(snapshot, gexf=False), out, encoding="utf-8")
    return out.getvalue()


def write_gexf(snapshot: SystemSnapshot) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(_to_nx(snapshot, gexf=True), out, encoding="utf-8")
    return out.getvalue()


def write_gml(snapshot: SystemSnapshot) -> bytes:
    """GML as networkx writes it: node ``label`` = the factor's name (GML ids are numbers);
    positions as ``x``/``y``, the sign as ``polarity``."""
    g = _to_nx(snapshot, gexf=False)
    names = {f.local_id: f.name for f in snapshot.factors}
    for node in g.nodes:
        g.nodes[node].pop("label", None)  # GML's label is the node key: the name
        g.nodes[node]["factor_id"] = node  # GML ids are numbers: the local id travels beside them
    g = nx.relabel_nodes(g, names)
    return "\n".join(nx.generate_gml(g, stringizer=str)).encode("utf-8") + b"\n"


# --- detection -----------------------------------------------------------------------------------


def _root_is(files: list[tuple[str, bytes]], name: str) -> bool:
    if len(files) != 1:
        return False
    head = files[0][1][:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(re.search(rb"<(\w+:)?" + name.encode() + rb"[\s>]", head))


def _named(files: list[tuple[str, bytes]], suffix: str) -> bool:
    return len(files) == 1 and files[0][0].lower().endswith(suffix)


def detect_graphml(files: list[tuple[str, bytes]]) -> bool:
    """A ``<graphml`` root (or a ``.graphml`` name)."""
    return _root_is(files, "graphml") or _named(files, ".graphml")


def detect_gexf(files: list[tuple[str, bytes]]) -> bool:
    """A ``<gexf`` root (or a ``.gexf`` name)."""
    return _root_is(files, "gexf") or _named(files, ".gexf")


def detect_gml(files: list[tuple[str, bytes]]) -> bool:
    """GML: an optional ``Creator``/``Version`` header, then ``graph [``."""
    if len(files) != 1:
        return False
    head = files[0][1][:4096].decode("utf-8", "replace")
    head = re.sub(r"^\s*(#[^\n]*\n|(Creator|Version)\s+[^\n]*\n)*", "", head)
    return bool(re.match(r"\s*graph\s*\[", head))


# --- reading -------------------------------------------------------------------------------------

_NODE_KEYS = {
    "label",
    "name",
    "description",
    "cluster",
    "cluster_id",
    "cluster_colour",
    "x",
    "y",
    "viz",
    "graphics",
    "id",
    "factor_id",
}
_EDGE_KEYS = {"polarity", "sign", "strength", "delay", "evidence", "id", "key", "type", "effect"}


def _line_of(text: str, pattern: str) -> int | None:
    """The line where ``pattern`` (a regex) first matches: how a node or edge is located in the file."""
    match = re.search(pattern, text) if text else None
    return text.count("\n", 0, match.start()) + 1 if match else None


def _edge_line(text: str, u: Any, v: Any) -> int | None:
    return _line_of(text, rf'source="{re.escape(str(u))}"\s+target="{re.escape(str(v))}"')


def _edge_polarity(
    attrs: dict[str, Any], report: ImportReport, where: dict[str, Any], edge: str
) -> tuple[int | None, float | None]:
    """Sign (and the strength a word like ``Medium Positive`` implies) from ``polarity``, ``sign``, ``type``,
    ``effect`` or a negative ``weight``, through the shared vocabulary; unknown otherwise."""
    for key in ("polarity", "sign", "type", "effect", "weight"):
        if key not in attrs:
            continue
        value = attrs[key]
        if key == "weight" and not (isinstance(value, int | float) and value < 0):
            return None, None
        reading = read_polarity(value)
        if reading.polarity is None and str(value).strip() and str(value).lower() not in DIRECTION_WORDS:
            report.warn(
                "unknown_polarity",
                f"edge {edge}: unknown polarity {value!r}; stored as unknown",
                **{**where, "column": key},
            )
        if reading.polarity is not None or key in ("polarity", "sign"):
            return reading.polarity, reading.strength
    return None, None


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value) if value is not None and str(value).strip() != "" else None
    except (TypeError, ValueError):
        return None


def _extras(
    attrs: dict[str, Any],
    claimed: set[str],
    core: frozenset[str],
    report: ImportReport,
    file: str,
    where: str,
) -> dict[str, Any]:
    """The attributes no role claims, as properties; a core name is kept as ``attr_<name>``."""
    props: dict[str, Any] = {}
    for key, value in attrs.items():
        key = decode_extra_key(str(key))
        if key in claimed or value is None or isinstance(value, dict | list):
            continue
        if key in core:
            report.warn("renamed", f"{where}: attribute {key!r} is reserved; kept as 'attr_{key}'", file=file)
            key = f"attr_{key}"
        props[key] = value if isinstance(value, str | int | float | bool) else str(value)
    return props


def build_snapshot(
    file: str,
    report: ImportReport,
    directed: bool,
    graph_attrs: dict[str, Any],
    nodes: list[tuple[str, dict[str, Any]]],
    edges: list[tuple[str, str, dict[str, Any], str]],
    kind: str,
    text: str = "",
) -> SystemSnapshot:
    """A snapshot from nodes (id, attributes) and edges (source, target, attributes, direction)."""
    b = MapBuilder(report, file)
    if not nodes:
        raise FormatError(f"the {kind} graph has no nodes", file)
    for node, attrs in nodes:
        viz = attrs.get("viz") if isinstance(attrs.get("viz"), dict) else {}
        graphics = attrs.get("graphics") if isinstance(attrs.get("graphics"), dict) else {}
        position = viz.get("position") if isinstance(viz.get("position"), dict) else {}
        x, y = (attrs.get(k, position.get(k, graphics.get(k))) for k in ("x", "y"))
        for key, value in (("x", x), ("y", y)):
            if (
                value is not None
                and str(value).strip()
                and (isinstance(value, bool) or number(value) is None)
            ):
                line = _line_of(text, rf'<node\s[^>]*id="{re.escape(node)}"')
                raise FormatError(f"node {node!r}: {value!r} is not a number", file, line, key)
        x, y = number(x), number(y)
        label = str(attrs.get("label") or attrs.get("name") or node).strip() or node
        cluster_name = str(attrs.get("cluster") or "").strip()
        cluster = (b.cluster(cluster_name, attrs.get("cluster_colour"), str(attrs.get("cluster_id") or ""))
                   if cluster_name else None)
        props = _extras(attrs, _NODE_KEYS, CORE_FACTOR_KEYS, report, file, f"node {node!r}")
        if "name" in attrs and "label" in attrs:
            props["attr_name"] = str(attrs["name"])
        b.factor(
            node,
            label,
            description=str(attrs.get("description") or ""),
            x=x,
            y=y,
            cluster=cluster,
            properties=props,
            preferred_id=usable_id(attrs.get("factor_id")) or usable_id(node),
            where=f"node {node!r}",
        )
    undirected = 0
    for u, v, attrs, direction in edges:
        line = _edge_line(text, u, v)
        where = f"edge {attrs.get('id', f'{u} → {v}')}" + (f" (line {line})" if line else "")
        polarity, implied = _edge_polarity(attrs, report, {"file": file, "row": line}, f"{u!r} → {v!r}")
        props = _extras(attrs, _EDGE_KEYS, CORE_LINK_KEYS, report, file, where)
        strength = attrs.get("strength", implied)
        if strength is not None and (isinstance(strength, bool) or number(strength) is None):
            raise FormatError(
                f"edge {u!r} → {v!r}: strength {strength!r} is not a number", file, line, "strength"
            )
        strength = number(strength)
        delay = attrs.get("delay", False)
        if isinstance(delay, str) and delay.strip().lower() in ("true", "false"):
            delay = delay.strip().lower() == "true"
        elif isinstance(delay, int) and not isinstance(delay, bool) and delay in (0, 1):
            delay = bool(delay)  # GML has no booleans: networkx writes them as 0/1
        if not isinstance(delay, bool):
            raise FormatError(
                f"edge {u!r} → {v!r}: delay {delay!r} is not true or false", file, line, "delay"
            )
        evidence = None if attrs.get("evidence") is None else str(attrs.get("evidence"))
        if direction == "undirected":
            undirected += 1
            props["undirected"] = True
        b.link(
            u, v, polarity, strength=strength, delay=delay, evidence=evidence, properties=props, where=where
        )
        if direction == "mutual":
            b.link(
                v,
                u,
                polarity,
                strength=strength,
                delay=delay,
                evidence=evidence,
                properties=dict(props),
                where=f"{where} (mutual)",
            )
    if undirected:
        report.warn(
            "undirected",
            f"{undirected} edge(s) are undirected: kept as one link each, marked "
            "undirected and left out of loop and path analysis",
            file=file,
        )
    title = str(graph_attrs.get("name") or "")
    snapshot = b.snapshot(
        str(graph_attrs.get("system_id") or ""),
        title,
        str(graph_attrs.get("outcome") or ""),
        graph_attrs.get("description"),
    )
    if graph_attrs.get("system_id"):
        snapshot.id = str(graph_attrs["system_id"])
    return snapshot


def _from_nx(
    file: str,
    report: ImportReport,
    g: nx.Graph,
    kind: str,
    as_written: nx.Graph | None = None,
    text: str = "",
) -> SystemSnapshot:
    """``as_written``: the same file read as directed, so that an undirected edge keeps the
    source → target order the file gives it (networkx's undirected graphs reorder ends)."""
    direction = "directed" if g.is_directed() else "undirected"
    g = as_written if as_written is not None and not g.is_directed() else g
    nodes = [(str(n), dict(a)) for n, a in g.nodes(data=True)]
    edges = [(str(u), str(v), dict(a), direction) for u, v, a in g.edges(data=True)]
    return build_snapshot(file, report, g.is_directed(), dict(g.graph), nodes, edges, kind, text)


def parse_graphml(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a GraphML upload")
    decode_text(name, data)  # names a byte that is not UTF-8 before the XML parser meets it
    parse_xml(name, data)  # refuses entity tricks and names malformed XML's line first
    try:
        g = nx.read_graphml(io.BytesIO(data))
    except ParseError as exc:
        line, column = exc.position
        raise FormatError(f"not well-formed XML: {exc}", name, line, column + 1) from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FormatError(f"not a readable GraphML file: {exc.__class__.__name__}: {exc}", name) from None
    as_written = None
    if not g.is_directed():
        directed = re.sub(rb'edgedefault\s*=\s*"undirected"', b'edgedefault="directed"', data, count=1)
        as_written = nx.read_graphml(io.BytesIO(directed))
    return _from_nx(name, report, g, "GraphML", as_written, decode_text(name, data))


def parse_gml(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    """GML by networkx, keyed by node ``id`` (``label``, ``name`` or nothing may name a node)."""
    name, data = single_file(files, "a GML upload")
    text = decode_text(name, data)
    g = _read_gml(name, text)
    as_written = None
    if not g.is_directed():
        as_written = _read_gml(name, re.sub(r"\bgraph\s*\[", "graph [ directed 1 ", text, count=1))
    return _from_nx(name, report, g, "GML", as_written, text)


def _read_gml(name: str, text: str) -> nx.Graph:
    try:
        try:
            return nx.parse_gml(text, label=None)
        except nx.NetworkXError as exc:
            if "duplicated" not in str(exc):
                raise
            return nx.parse_gml(re.sub(r"\bgraph\s*\[", "graph [ multigraph 1 ", text, count=1), label=None)
    except (nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        raise FormatError(f"not a readable GML file: {exc.__class__.__name__}: {exc}", name) from None

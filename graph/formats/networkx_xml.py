"""GraphML and GEXF (for Gephi, yEd, Cytoscape), written and read by networkx.

Nodes are factors keyed by local id, with ``label`` (the name), ``description``, ``cluster``
(name), ``cluster_id``, ``cluster_colour`` and the extras; positions are ``x``/``y`` attributes in
GraphML and ``viz:position`` in GEXF. Edges carry ``polarity`` (+1/-1), ``strength``, ``delay``,
``evidence`` and the extras. GraphML also carries the system (``system_id``, ``name``, ``outcome``,
``description`` graph attributes); GEXF carries only its name. Lists become ``a | b`` text.
Files must be UTF-8.

Read leniently, as Gephi and yEd write them: an edge without ``polarity`` (or ``sign``, ``type``,
``effect``; a ``weight`` with negative values) has unknown polarity; parallel edges are merged; an
undirected graph's edges are links marked ``undirected``; two nodes with one label are renamed
``Label (2)``; an attribute named like a core property is kept as ``attr_<name>``. All reported.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from graph.formats.report import ImportReport
from graph.formats.settle import merge_link
from graph.formats.tables import (
    FormatError,
    decode_extra_key,
    decode_text,
    encode_extra_key,
    join_list,
    single_file,
)
from graph.formats.vocabulary import DIRECTION_WORDS, read_polarity
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    unique_slug,
)

GRAPHML_MEDIA_TYPE, GRAPHML_SUFFIX = "application/graphml+xml", ".graphml"
GEXF_MEDIA_TYPE, GEXF_SUFFIX = "application/gexf+xml", ".gexf"
_NODE_ATTRS = ["label", "name", "description", "cluster", "cluster_id", "cluster_colour", "x", "y", "viz"]
_EDGE_ATTRS = ["polarity", "sign", "strength", "delay", "evidence", "id"]  # "id": networkx's edge id


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
            "polarity": None if link.polarity is None else int(link.polarity),  # absent: unknown
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


def _line_of(text: str, pattern: str) -> int | None:
    """The line where ``pattern`` (a regex) first matches: how a node or edge is located in the file."""
    match = re.search(pattern, text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _read(files: list[tuple[str, bytes]], reader: Any, kind: str) -> tuple[str, str, nx.Graph]:
    name, data = single_file(files, f"a {kind} upload")
    text = decode_text(name, data)
    try:
        g = reader(io.BytesIO(data))
    except ParseError as exc:
        line, column = exc.position
        raise FormatError(f"not well-formed XML: {exc}", name, line, column + 1) from None
    except (nx.NetworkXError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise FormatError(f"not a readable {kind} file: {exc.__class__.__name__}: {exc}", name) from None
    return name, text, g


def _edge_line(text: str, u: Any, v: Any) -> int | None:
    return _line_of(text, rf'source="{re.escape(str(u))}"\s+target="{re.escape(str(v))}"')


def _edge_polarity(attrs: dict[str, Any], report: ImportReport, where: dict[str, Any],
                   edge: str) -> tuple[int | None, float | None]:
    for key in ("polarity", "sign", "type", "effect", "weight"):
        if key not in attrs:
            continue
        value = attrs[key]
        if key == "weight" and not (isinstance(value, int | float) and value < 0):
            return None, None
        reading = read_polarity(value)
        if reading.polarity is None and str(value).strip() and str(value).lower() not in DIRECTION_WORDS:
            report.warn("unknown_polarity", f"edge {edge}: unknown polarity {value!r}; stored as unknown",
                        **{**where, "column": key})
        if reading.polarity is not None or key in ("polarity", "sign"):
            return reading.polarity, reading.strength
    return None, None


def _node_attrs(name: str, text: str, node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    attrs = dict(attrs)
    viz = attrs.pop("viz", None)
    if isinstance(viz, dict) and isinstance(viz.get("position"), dict) and "x" not in attrs:
        attrs["x"], attrs["y"] = viz["position"].get("x"), viz["position"].get("y")
    for key in ("x", "y"):
        value = attrs.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            try:
                attrs[key] = float(value)
            except ValueError:
                raise FormatError(
                    f"node {node!r}: {value!r} is not a number",
                    name,
                    _line_of(text, rf'<node\s[^>]*id="{re.escape(node)}"'),
                    key,
                ) from None
    return attrs


def _parse(files: list[tuple[str, bytes]], reader: Any, kind: str, report: ImportReport) -> SystemSnapshot:
    name, text, g = _read(files, reader, kind)
    factors, clusters = [], {}
    taken: set[str] = set()
    for node, raw in g.nodes(data=True):
        node = str(node)
        line = _line_of(text, rf'<node\s[^>]*id="{re.escape(node)}"')
        attrs = _node_attrs(name, text, node, raw)
        label = str(attrs.get("label") or attrs.get("name") or node).strip() or node
        cluster_name = str(attrs.get("cluster") or "").strip()
        cluster = None
        if cluster_name:
            if cluster_name not in clusters:
                local = str(attrs.get("cluster_id") or "") or unique_slug(cluster_name, taken, "cluster")
                taken.add(local)
                clusters[cluster_name] = SnapshotCluster(local, cluster_name, attrs.get("cluster_colour"))
            cluster = clusters[cluster_name].local_id
        props = _props(attrs, _NODE_ATTRS, CORE_FACTOR_KEYS, report,
                       {"file": name, "row": line}, f"node {node!r}")
        factors.append(
            SnapshotFactor(
                node,
                label,
                str(attrs.get("description") or ""),
                cluster,
                attrs.get("x"),
                attrs.get("y"),
                props,
            )
        )
    if not factors:
        raise FormatError(f"the {kind} graph has no nodes", name)
    links: list[SnapshotLink] = []
    kept: dict[tuple[str, str], SnapshotLink] = {}
    if not g.is_directed():
        report.warn("undirected", f"the {kind} graph is undirected: each edge is kept as one link marked "
                    "undirected, left out of loop and path analysis", file=name)
    for u, v, raw in g.edges(data=True):
        line = _edge_line(text, u, v)
        where = {"file": name, "row": line}
        attrs = dict(raw)
        polarity, implied = _edge_polarity(attrs, report, where, f"{u!r} → {v!r}")
        strength = attrs.get("strength", implied)
        if strength is not None and (isinstance(strength, bool) or not isinstance(strength, int | float)):
            raise FormatError(
                f"edge {u!r} → {v!r}: strength {strength!r} is not a number", name, line, "strength"
            )
        delay = attrs.get("delay", False)
        if not isinstance(delay, bool):
            raise FormatError(
                f"edge {u!r} → {v!r}: delay {delay!r} is not true or false", name, line, "delay"
            )
        props = _props(attrs, _EDGE_ATTRS, CORE_LINK_KEYS, report, where, f"edge {u!r} → {v!r}")
        if not g.is_directed():
            props["undirected"] = True
        evidence = attrs.get("evidence")
        link = SnapshotLink(
            str(u),
            str(v),
            polarity,
            None if strength is None else float(strength),
            delay,
            None if evidence is None else str(evidence),
            props,
        )
        if (link.source, link.target) in kept:
            merge_link(kept[(link.source, link.target)], link, report, **where, column="source")
            continue
        kept[(link.source, link.target)] = link
        links.append(link)
    graph_attrs = g.graph
    return SystemSnapshot(
        id=str(graph_attrs.get("system_id") or ""),
        name=str(graph_attrs.get("name") or ""),
        outcome=str(graph_attrs.get("outcome") or ""),
        description=graph_attrs.get("description"),
        factors=factors,
        clusters=list(clusters.values()),
        links=links,
    )


def _props(attrs: dict[str, Any], claimed: list[str], core: frozenset[str], report: ImportReport,
           where: dict[str, Any], what: str) -> dict[str, Any]:
    """The extras of a node or edge; one named like a core property is kept as ``attr_<name>``."""
    props = {}
    for key, value in attrs.items():
        if key in claimed:
            continue
        key = decode_extra_key(key)
        if key in core:
            report.warn("renamed", f"{what}: attribute name {key!r} is reserved; kept as 'attr_{key}'",
                        **where, column=key)
            key = f"attr_{key}"
        props[key] = value
    return props


def parse_graphml(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    return _parse(files, nx.read_graphml, "GraphML", report)


def parse_gexf(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    return _parse(files, nx.read_gexf, "GEXF", report)


def _head(files: list[tuple[str, bytes]]) -> str:
    return files[0][1][:4096].decode("utf-8", "replace").lower() if len(files) == 1 else ""


def detect_graphml(files: list[tuple[str, bytes]]) -> bool:
    """A ``<graphml`` root (or a ``.graphml`` name)."""
    return "<graphml" in _head(files) or (len(files) == 1 and files[0][0].lower().endswith(".graphml"))


def detect_gexf(files: list[tuple[str, bytes]]) -> bool:
    """A ``<gexf`` root (or a ``.gexf`` name)."""
    return "<gexf" in _head(files) or (len(files) == 1 and files[0][0].lower().endswith(".gexf"))

"""GraphML and GEXF (for Gephi, yEd, Cytoscape), written and read by networkx.

Nodes are factors keyed by local id, with ``label`` (the name), ``description``, ``cluster``
(name), ``cluster_id``, ``cluster_colour`` and the extras; positions are ``x``/``y`` attributes in
GraphML and ``viz:position`` in GEXF. Edges carry ``polarity`` (+1/-1), ``strength``, ``delay``,
``evidence`` and the extras. GraphML also carries the system (``system_id``, ``name``, ``outcome``,
``description`` graph attributes); GEXF carries only its name. Lists become ``a | b`` text.
Files must be UTF-8.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from graph.formats.tables import (
    FormatError,
    decode_extra_key,
    decode_text,
    encode_extra_key,
    join_list,
    single_file,
)
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    parse_polarity,
    unique_slug,
)

GRAPHML_MEDIA_TYPE, GRAPHML_SUFFIX = "application/graphml+xml", ".graphml"
GEXF_MEDIA_TYPE, GEXF_SUFFIX = "application/gexf+xml", ".gexf"
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
            "polarity": int(link.polarity),
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
    if not g.is_directed():
        raise FormatError(f"the {kind} graph is undirected; causal links must be directed", name)
    if g.is_multigraph():
        pairs = [(u, v) for u, v, k in g.edges(keys=True) if k != 0 and k != "0"] or list(g.edges())
        u, v = pairs[0][0], pairs[0][1]
        raise FormatError(
            f"more than one edge from {u!r} to {v!r}; a map has one link per ordered pair",
            name,
            _line_of(text, rf'source="{re.escape(str(u))}"\s+target="{re.escape(str(v))}"'),
            "source",
        )
    return name, text, g


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


def _parse(files: list[tuple[str, bytes]], reader: Any, kind: str) -> SystemSnapshot:
    name, text, g = _read(files, reader, kind)
    factors, clusters, names_seen = [], {}, {}
    taken: set[str] = set()
    for node, raw in g.nodes(data=True):
        node = str(node)
        line = _line_of(text, rf'<node\s[^>]*id="{re.escape(node)}"')
        attrs = _node_attrs(name, text, node, raw)
        label = str(attrs.get("label") or attrs.get("name") or node).strip()
        if label in names_seen:
            raise FormatError(
                f"duplicate factor name {label!r} (also node {names_seen[label]!r})", name, line, "label"
            )
        names_seen[label] = node
        cluster_name = str(attrs.get("cluster") or "").strip()
        cluster = None
        if cluster_name:
            if cluster_name not in clusters:
                local = str(attrs.get("cluster_id") or "") or unique_slug(cluster_name, taken, "cluster")
                taken.add(local)
                clusters[cluster_name] = SnapshotCluster(local, cluster_name, attrs.get("cluster_colour"))
            cluster = clusters[cluster_name].local_id
        props = {decode_extra_key(k): v for k, v in attrs.items() if k not in _NODE_ATTRS}
        reserved = sorted(set(props) & CORE_FACTOR_KEYS)
        if reserved:
            raise FormatError(
                f"node {node!r}: attribute name {reserved[0]!r} is reserved; rename it",
                name,
                line,
                reserved[0],
            )
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
    links = []
    for u, v, raw in g.edges(data=True):
        line = _line_of(text, rf'source="{re.escape(str(u))}"\s+target="{re.escape(str(v))}"')
        attrs = dict(raw)
        try:
            polarity = parse_polarity(attrs.get("polarity", attrs.get("sign")))
        except ValueError as exc:
            raise FormatError(f"edge {u!r} → {v!r}: {exc}", name, line, "polarity") from None
        strength = attrs.get("strength")
        if strength is not None and (isinstance(strength, bool) or not isinstance(strength, int | float)):
            raise FormatError(
                f"edge {u!r} → {v!r}: strength {strength!r} is not a number", name, line, "strength"
            )
        delay = attrs.get("delay", False)
        if not isinstance(delay, bool):
            raise FormatError(
                f"edge {u!r} → {v!r}: delay {delay!r} is not true or false", name, line, "delay"
            )
        props = {decode_extra_key(k): val for k, val in attrs.items() if k not in _EDGE_ATTRS}
        reserved = sorted(set(props) & CORE_LINK_KEYS)
        if reserved:
            raise FormatError(
                f"edge {u!r} → {v!r}: attribute name {reserved[0]!r} is reserved", name, line, reserved[0]
            )
        evidence = attrs.get("evidence")
        links.append(
            SnapshotLink(
                str(u),
                str(v),
                polarity,
                None if strength is None else float(strength),
                delay,
                None if evidence is None else str(evidence),
                props,
            )
        )
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


def parse_graphml(files: list[tuple[str, bytes]]) -> SystemSnapshot:
    return _parse(files, nx.read_graphml, "GraphML")


def parse_gexf(files: list[tuple[str, bytes]]) -> SystemSnapshot:
    return _parse(files, nx.read_gexf, "GEXF")

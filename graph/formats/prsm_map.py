"""PRSM (Participatory System Mapper, prsm.uk) map files: the ``.prsm`` save file and PRSM's JSON
export. Read only (our PRSM spreadsheet export stays in :mod:`graph.formats.prsm`).

A ``.prsm`` file is the map's JSON compressed with LZ-string ``compressToUTF16`` and stored as
UTF-8 text — except files saved by PRSM 1.x, which are the plain JSON; a file starting with ``{`` is
read as JSON. Decompressed text is capped like any other upload (:mod:`graph.formats.safety`).

What becomes what: ``nodes`` → factors (``label`` with its line breaks folded to spaces, ``note``
→ description, x/y, custom attributes named by ``attributeTitles`` → properties); ``edges`` →
links (``note`` → evidence); PRSM clusters (``clusteredIn``) and otherwise the node's style group
(its ``groupLabel`` in ``styles``/``samples``, unless it is PRSM's placeholder ``Sample``) →
clusters. Cluster nodes (``isCluster``) are not factors. PRSM arrows carry no sign: polarity is
unknown, except where the link's own label or its style group's label is a sign word
(``+``, ``-``, ``+ve``, ``Positive influence``, ``Negative influence``...), which is used and
reported. Arrows PRSM draws both ways (``arrows.from`` and ``arrows.to``) become two links.
"""

from __future__ import annotations

import json
import re
from typing import Any

from graph.formats.lzstring import DecompressError, OutputTooLarge, decompress_from_utf16
from graph.formats.mapbuild import MapBuilder, sign_word, usable_id
from graph.formats.report import ImportReport
from graph.formats.safety import TooLarge, max_unpacked_bytes
from graph.formats.tables import FormatError, single_file
from graph.systems.snapshot import SystemSnapshot

SUFFIXES = (".prsm", ".json")
_PLACEHOLDER_GROUPS = {"", "sample"}


def _text_of(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", name) from None
    if text.lstrip().startswith("{"):
        return text
    try:
        return decompress_from_utf16(text.strip(), max_unpacked_bytes())
    except OutputTooLarge:
        raise TooLarge(
            f"decompresses to more than the {max_unpacked_bytes()}-byte cap (HLS_IMPORT_MAX_UNPACKED_MB)",
            name,
        ) from None
    except (DecompressError, IndexError, ValueError):
        raise FormatError("neither PRSM's JSON nor LZ-string compressed JSON", name) from None


def load(name: str, data: bytes) -> dict[str, Any]:
    """The map as PRSM's JSON object (decompressed when needed)."""
    text = _text_of(name, data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None
    if (
        not isinstance(doc, dict)
        or not isinstance(doc.get("nodes"), list)
        or not isinstance(doc.get("edges"), list)
    ):
        raise FormatError("not a PRSM map: it needs 'nodes' and 'edges' lists", name)
    return doc


def is_prsm_json(doc: Any) -> bool:
    """PRSM's JSON: ``nodes`` and ``edges`` lists of vis-network objects with ``from``/``to`` ids,
    and a ``version`` or PRSM's style block."""
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("nodes"), list)
        and isinstance(doc.get("edges"), list)
        and ("version" in doc or "styles" in doc or "samples" in doc or "lastNodeSample" in doc)
    )


def detect(files: list[tuple[str, bytes]]) -> bool:
    """A ``.prsm`` file, or a JSON file shaped like PRSM's map."""
    if len(files) != 1:
        return False
    name, data = files[0]
    if name.lower().endswith(".prsm"):
        return True
    head = data[:200_000].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or not re.search(rb'"(lastNodeSample|samples|styles)"', head):
        return False
    try:
        return is_prsm_json(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False


def _note(value: Any) -> str:
    """A note as text: PRSM keeps plain strings or Quill deltas (``{"ops": [{"insert": …}]}``)."""
    if isinstance(value, dict) and isinstance(value.get("ops"), list):
        return "".join(str(op.get("insert", "")) for op in value["ops"] if isinstance(op, dict)).strip()
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _label(value: Any) -> str:
    return " ".join(str(value or "").split())


def _groups(doc: dict[str, Any], which: str) -> dict[str, str]:
    styles = doc.get("styles") or doc.get("samples") or {}
    block = styles.get(which) if isinstance(styles, dict) else None
    return {k: _label(v.get("groupLabel")) for k, v in (block or {}).items() if isinstance(v, dict)}


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a PRSM map")
    doc = load(name, data)
    b = MapBuilder(report, name)
    node_groups, edge_groups = _groups(doc, "nodes"), _groups(doc, "edges")
    titles = doc.get("attributeTitles") if isinstance(doc.get("attributeTitles"), dict) else {}
    nodes = [n for n in doc["nodes"] if isinstance(n, dict)]
    cluster_nodes = {str(n.get("id")): _label(n.get("label")) for n in nodes if n.get("isCluster")}
    for n, node in enumerate(nodes, start=1):
        nid = str(node.get("id", ""))
        if not nid or nid in cluster_nodes:
            continue
        cluster = None
        if node.get("clusteredIn") and cluster_nodes.get(str(node["clusteredIn"])):
            cluster = b.cluster(cluster_nodes[str(node["clusteredIn"])])
        else:
            group = node_groups.get(str(node.get("grp") or node.get("group") or ""), "")
            if group.lower() not in _PLACEHOLDER_GROUPS:
                cluster = b.cluster(group)
        props: dict[str, Any] = {}
        for att, title in titles.items():
            value = node.get(att)
            if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
                props[str(title) or att] = value
        b.factor(
            nid,
            _label(node.get("label")) or nid,
            description=_note(node.get("note")),
            x=_num(node.get("x")),
            y=_num(node.get("y")),
            cluster=cluster,
            properties=props,
            preferred_id=None if len(nid) > 40 else usable_id(nid),
            where=f"node {n}",
        )
    styled: dict[str, int] = {}
    for e, edge in enumerate(doc["edges"], start=1):
        if not isinstance(edge, dict):
            continue
        src, dst = str(edge.get("from", "")), str(edge.get("to", ""))
        if src in cluster_nodes or dst in cluster_nodes:
            continue  # an edge PRSM draws to a collapsed cluster stands for edges it hides
        polarity = sign_word(edge.get("label"))
        if polarity is None:
            group = _label(edge.get("groupLabel")) or edge_groups.get(str(edge.get("grp") or ""), "")
            polarity = _style_sign(group)
            if polarity is not None:
                styled[group] = styled.get(group, 0) + 1
        where = f"edge {e}"
        b.link(src, dst, polarity, evidence=_note(edge.get("note")) or None, where=where)
        arrows = edge.get("arrows")
        if (
            isinstance(arrows, dict)
            and isinstance(arrows.get("from"), dict)
            and arrows["from"].get("enabled")
        ):
            b.link(dst, src, polarity, where=f"{where} (drawn with arrowheads at both ends)")
    for group, count in styled.items():
        report.warn(
            "polarity_from_style", f"{count} link(s) take their sign from their style {group!r}", file=name
        )
    title = _label(doc.get("mapTitle"))
    return b.snapshot(title, title)


def _style_sign(group: str) -> int | None:
    text = group.lower()
    if "positive" in text or text in ("+ve", "+"):
        return 1
    if "negative" in text or text in ("-ve", "-", "−"):
        return -1
    return None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

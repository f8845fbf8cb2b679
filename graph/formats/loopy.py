"""LOOPY (ncase.me/loopy) models: the saved file and the shared link (``…/loopy/v1.1/?data=…``).
Read only.

LOOPY's ``Model.serialize`` writes ``[nodes, edges, labels, uid]`` as JSON with only its quotes
URL-encoded (``%22``); a node is ``[id, x, y, init, label, hue]`` (the label URL-encoded twice),
an edge ``[from, to, arc, strength, rotation?]`` with strength +1 or −1. A link, a saved text or
the decoded JSON are all read: the text after ``data=`` is URL-decoded once, parsed as JSON, and
each label decoded once more (as LOOPY's ``deserialize`` does).

What becomes what: node → factor (label, x/y; its hue, one of LOOPY's six colours, → a cluster
named by the colour when the model uses two or more); edge → link, polarity the sign of its
strength; free text labels are not factors (``dropped_text`` note).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from graph.formats.mapbuild import MapBuilder
from graph.formats.report import ImportReport
from graph.formats.tables import FormatError, decode_text, single_file
from graph.formats.vocabulary import read_number
from graph.systems.snapshot import SystemSnapshot

# LOOPY's Node.COLORS, by hue index.
HUES = {0: ("red", "#EA3E3E"), 1: ("orange", "#EA9D51"), 2: ("yellow", "#FEEE43"), 3: ("green", "#BFEE3F"),
        4: ("blue", "#7FD4FF"), 5: ("purple", "#A97FFF")}


def _payload(text: str) -> str:
    """The serialized model from a link or a saved text (quotes as ``%22``), or plain JSON."""
    text = text.strip()
    match = re.search(r"[?&#]data=([^&#\s]*)", text)
    if match:
        text = match.group(1)
    return text


def _model(text: str) -> list[Any] | None:
    payload = _payload(text)
    try:
        doc = json.loads(payload)  # plain JSON: its labels still URL-encoded once
    except (json.JSONDecodeError, ValueError):
        try:
            doc = json.loads(unquote(payload))
        except (json.JSONDecodeError, ValueError):
            return None
    if (isinstance(doc, list) and len(doc) >= 2 and isinstance(doc[0], list) and isinstance(doc[1], list)
            and all(isinstance(n, list) and len(n) >= 5 for n in doc[0])
            and all(isinstance(e, list) and len(e) >= 4 for e in doc[1])):
        return doc
    return None


def detect(files: list[tuple[str, bytes]]) -> bool:
    """A text that is (or links to) LOOPY's ``[[nodes], [edges], …]`` array."""
    if len(files) != 1:
        return False
    head = files[0][1][:300].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not (head.startswith((b"[[[", b"[[]")) or b"data=" in head):
        return False
    try:
        return _model(files[0][1].decode("utf-8")) is not None
    except UnicodeDecodeError:
        return False


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a LOOPY model")
    doc = _model(decode_text(name, data))
    if doc is None:
        raise FormatError("not a LOOPY model: expected [[nodes], [edges], [labels], uid] "
                          "(its saved text or a link with ?data=)", name)
    nodes, edges = doc[0], doc[1]
    b = MapBuilder(report, name)
    hues = {n[5] for n in nodes if len(n) > 5}
    for n, node in enumerate(nodes, start=1):
        hue = node[5] if len(node) > 5 else None
        colour = HUES.get(hue) if isinstance(hue, int) else None
        cluster = b.cluster(colour[0], colour=colour[1]) if colour and len(hues) > 1 else None
        b.factor(str(node[0]), unquote(str(node[4])), x=read_number(node[1]), y=read_number(node[2]),
                 cluster=cluster, where=f"node {n}")
    for e, edge in enumerate(edges, start=1):
        strength = read_number(edge[3])
        polarity = None if not strength else (1 if strength > 0 else -1)
        magnitude = abs(strength) if strength and abs(strength) != 1 else None
        b.link(str(edge[0]), str(edge[1]), polarity, strength=magnitude, where=f"edge {e}")
    labels = doc[2] if len(doc) > 2 and isinstance(doc[2], list) else []
    if labels:
        report.note("dropped_text", f"{len(labels)} free text label(s) are not factors; left out", file=name)
    stem = PurePosixPath(name).stem  # LOOPY does not name its models
    return b.snapshot(stem, stem)

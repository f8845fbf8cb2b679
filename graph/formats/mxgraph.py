"""Diagrams drawn on mxGraph: draw.io / diagrams.net (``.drawio``, ``.xml``) and Insight Maker's
XML export. Read only.

**draw.io.** An ``<mxfile>`` holds one ``<diagram>`` per page; a page is either a plain
``<mxGraphModel>`` or compressed (base64 of raw deflate of the URL-encoded XML — inflated under the
upload cap, :mod:`graph.formats.safety`). A bare ``<mxGraphModel>`` file is one page. The first
page is imported; the report names every page (``pages`` note). What becomes what:

- a vertex (``mxCell vertex="1"``) → a factor: its ``value`` (HTML reduced to its text) or, for a
  ``<UserObject>``/``<object>`` wrapper, its ``label``; x/y from ``mxGeometry`` (made absolute
  inside containers);
- a vertex that holds other vertices (a container, a ``group``, a swimlane) → a cluster named by its
  text, not a factor; without containers, the vertices' fill colours (two or more) are clusters;
- an edge (``mxCell edge="1" source target``) → a link; its sign is its ``value`` or the text of
  its label child (a vertex whose ``parent`` is the edge), read by the shared vocabulary (``+``,
  ``−``, ``s``, ``o``...; anything else → unknown polarity, reported);
- a text-only vertex no edge touches (a loop marker ``R1``, a title) is left out (``dropped_text``).

**Insight Maker.** ``<InsightMakerModel><root>`` holds primitives, each an element wrapping its
``mxCell``: ``Stock``, ``Variable``, ``Converter``, ``State``, ``Action``, ``Agent`` → factors;
``Flow`` → a factor (kind ``flow``) with a link + into the stock it fills and − out of the stock it
drains (as for XMILE); ``Link`` and ``Transition`` → links, unsigned (unknown polarity) unless the
link is named by a sign word; ``Ghost`` → the primitive it shows (``Source``); ``Folder`` → a
cluster of the primitives inside it.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import zlib
from pathlib import PurePosixPath
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from graph.formats.mapbuild import MapBuilder, sign_word
from graph.formats.report import ImportReport
from graph.formats.safety import TooLarge, local, max_unpacked_bytes, parse_xml
from graph.formats.tables import FormatError, single_file
from graph.formats.vocabulary import read_polarity
from graph.systems.snapshot import SystemSnapshot

_HEAD = rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<"


def _root_tag(files: list[tuple[str, bytes]], tags: tuple[bytes, ...]) -> bool:
    if len(files) != 1:
        return False
    head = files[0][1][:4096].lstrip(b"\xef\xbb\xbf")
    return bool(re.match(_HEAD + rb"(" + b"|".join(tags) + rb")[\s>/]", head, re.S))


def detect_drawio(files: list[tuple[str, bytes]]) -> bool:
    """A file whose root element is ``<mxfile>`` or ``<mxGraphModel>``."""
    return _root_tag(files, (b"mxfile", b"mxGraphModel"))


def detect_insightmaker(files: list[tuple[str, bytes]]) -> bool:
    """A file whose root element is ``<InsightMakerModel>``."""
    return _root_tag(files, (b"InsightMakerModel",))


def text_of(value: str | None) -> str:
    """A cell's text: HTML tags dropped (``<br>`` and ``<div>`` as spaces), entities decoded."""
    text = re.sub(r"<\s*(br|/div|/p|/li)\b[^>]*>", " ", value or "", flags=re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def inflate_page(name: str, payload: str) -> bytes:
    """A compressed page's XML: base64 → raw deflate (capped) → URL-decoded."""
    cap = max_unpacked_bytes()
    try:
        packed = base64.b64decode("".join(payload.split()), validate=True)
        inflater = zlib.decompressobj(-15)
        raw = inflater.decompress(packed, cap + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise FormatError("a compressed draw.io page is not base64 of deflated XML", name) from None
    if len(raw) > cap or inflater.unconsumed_tail:
        raise TooLarge(
            f"a draw.io page inflates to more than the {cap}-byte cap (HLS_IMPORT_MAX_UNPACKED_MB)", name
        )
    text = unquote(raw.decode("latin-1"))
    if len(text) > cap:
        raise TooLarge(f"a draw.io page decodes to more than the {cap}-byte cap", name)
    return text.encode("utf-8")


def pages(name: str, root: Element) -> list[tuple[str, Element]]:
    """Each page's name and ``<mxGraphModel>``."""
    if local(root.tag) == "mxGraphModel":
        return [("Page-1", root)]
    if local(root.tag) != "mxfile":
        raise FormatError(f"not a draw.io file: the root element is <{local(root.tag)}>", name)
    found: list[tuple[str, Element]] = []
    for n, diagram in enumerate(root.iter("diagram"), start=1):
        title = diagram.get("name") or f"Page-{n}"
        model = next(diagram.iter("mxGraphModel"), None)
        if model is None and (diagram.text or "").strip():
            model = parse_xml(name, inflate_page(name, diagram.text or ""))
        if model is not None and local(model.tag) == "mxGraphModel":
            found.append((title, model))
    if not found:
        raise FormatError("the draw.io file has no diagram page", name)
    return found


def choose_page(name: str, found: list[tuple[str, Element]], asked: str | None) -> tuple[str, Element]:
    """The page called ``asked`` (any case) or numbered ``asked`` (from 1); the first by default."""
    if not asked:
        return found[0]
    for title, model in found:
        if title.casefold() == asked.strip().casefold():
            return title, model
    if asked.strip().isdigit() and 1 <= int(asked) <= len(found):
        return found[int(asked) - 1]
    listed = ", ".join(repr(t) for t, _ in found)
    raise FormatError(f"no page {asked!r}: the pages are {listed} (or 1 to {len(found)})", name)


class _Cell:
    """One ``mxCell`` with the attributes of its ``UserObject``/``object`` wrapper (if any)."""

    def __init__(self, cell: Element, wrapper: Element | None) -> None:
        self.id = (wrapper if wrapper is not None else cell).get("id") or cell.get("id") or ""
        self.parent = cell.get("parent") or ""
        self.vertex = cell.get("vertex") == "1"
        self.edge = cell.get("edge") == "1"
        self.source, self.target = cell.get("source"), cell.get("target")
        self.style = cell.get("style") or ""
        label = wrapper.get("label") if wrapper is not None else None
        self.text = text_of(label if label is not None else cell.get("value"))
        self.kind = local(wrapper.tag) if wrapper is not None else ""
        self.wrapper = wrapper
        geometry = cell.find("mxGeometry") if self.vertex else None  # an edge's geometry is not a place
        self.x = _number(geometry.get("x")) if geometry is not None else None
        self.y = _number(geometry.get("y")) if geometry is not None else None

    def style_value(self, key: str) -> str | None:
        match = re.search(rf"(?:^|;){re.escape(key)}=([^;]*)", self.style)
        return match.group(1) if match else None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def cells(model: Element) -> list[_Cell]:
    """Every cell of a page, in file order (wrapped or not)."""
    found: list[_Cell] = []
    root = model.find("root")
    for el in list(root) if root is not None else []:
        if local(el.tag) == "mxCell":
            found.append(_Cell(el, None))
        else:
            inner = el.find("mxCell")
            if inner is not None:
                found.append(_Cell(inner, el))
    return found


def _absolute(cell: _Cell, by_id: dict[str, _Cell]) -> tuple[float | None, float | None]:
    x, y, parent = cell.x, cell.y, by_id.get(cell.parent)
    seen = {cell.id}
    while parent is not None and parent.vertex and parent.id not in seen and x is not None and y is not None:
        seen.add(parent.id)
        x, y = x + (parent.x or 0.0), y + (parent.y or 0.0)
        parent = by_id.get(parent.parent)
    return x, y


def _sign(text: str, unsigned: dict[str, list[str]], where: str) -> int | None:
    """The sign an arrow's text says; a text that is no sign is collected (reported once per text)."""
    polarity = sign_word(text)
    if polarity is None and text and not read_polarity(text).known:
        unsigned.setdefault(text, []).append(where)
    return polarity


def parse_drawio(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a draw.io diagram")
    found = pages(name, parse_xml(name, data))
    title, model = choose_page(name, found, report.page)
    if len(found) > 1:
        listed = ", ".join(repr(t) for t, _ in found)
        which = "the one asked for" if report.page else "the first (choose with page=)"
        report.note("pages", f"the file has {len(found)} pages ({listed}); imported {which}, {title!r}",
                    file=name)
    all_cells = cells(model)
    by_id = {c.id: c for c in all_cells}
    edges = [c for c in all_cells if c.edge]
    edge_ids = {c.id for c in edges}
    ends = {end for c in edges for end in (c.source, c.target) if end}
    labels: dict[str, list[str]] = {}
    for c in all_cells:
        if c.vertex and c.parent in edge_ids and c.text:
            labels.setdefault(c.parent, []).append(c.text)
    holders = {c.parent for c in all_cells if c.vertex and c.parent in by_id and by_id[c.parent].vertex}
    b = MapBuilder(report, name)
    factors = [c for c in all_cells if c.vertex and c.parent not in edge_ids and c.id not in holders]
    fills = {(c.style_value("fillColor") or "").lower() for c in factors} - {"", "none", "default"}
    use_fills = not holders and len(fills) > 1
    dropped = 0
    for c in factors:
        if c.id not in ends and (c.style.startswith("text") or not c.text):
            dropped += 1
            continue
        cluster = None
        container = by_id.get(c.parent)
        if container is not None and container.id in holders:
            cluster = b.cluster(container.text or f"group {container.id}")
        elif use_fills and (c.style_value("fillColor") or "").lower() in fills:
            fill = (c.style_value("fillColor") or "").lower()
            cluster = b.cluster(fill, colour=fill)
        x, y = _absolute(c, by_id)
        tooltip = c.wrapper.get("tooltip") if c.wrapper is not None else None
        b.factor(c.id, c.text or c.id, description=text_of(tooltip), x=x, y=y, cluster=cluster,
                 where=f"cell {c.id!r}")
    if dropped:
        report.note("dropped_text", f"{dropped} text or empty shape(s) no arrow touches left out "
                    "(titles, loop markers)", file=name)
    unsigned: dict[str, list[str]] = {}
    for c in edges:
        if not c.source or not c.target:
            report.warn("dropped_link", f"arrow {c.id!r} is not joined at both ends; left out", file=name)
            continue
        text = " ".join(t for t in [c.text, *labels.get(c.id, [])] if t)
        b.link(c.source, c.target, _sign(text, unsigned, f"arrow {c.id!r}"), where=f"arrow {c.id!r}")
    for text, arrows in unsigned.items():  # a concept map's verbs ("relation", "causes") are no signs
        listed = ", ".join(arrows[:3]) + (", …" if len(arrows) > 3 else "")
        report.warn("unknown_polarity_word",
                    f"{len(arrows)} arrow(s) labelled {text!r} ({listed}): not a sign; polarity unknown",
                    file=name)
    shown = PurePosixPath(name).stem if len(found) == 1 else f"{PurePosixPath(name).stem}: {title}"
    return b.snapshot(shown, shown)


# --- Insight Maker --------------------------------------------------------------------------------
_IM_FACTORS = ("Stock", "Variable", "Converter", "State", "Action", "Agent")


def parse_insightmaker(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "an Insight Maker model")
    root = parse_xml(name, data)
    if local(root.tag) != "InsightMakerModel":
        raise FormatError(f"not an Insight Maker model: the root element is <{local(root.tag)}>", name)
    prims: list[_Cell] = [c for c in cells(root) if c.kind]
    by_id = {c.id: c for c in prims}
    ghosts = {c.id: c.wrapper.get("Source") or "" for c in prims
              if c.kind == "Ghost" and c.wrapper is not None}
    b = MapBuilder(report, name)

    def real(cell_id: str | None) -> str:
        return ghosts.get(cell_id or "", cell_id or "")

    for c in prims:
        if c.kind not in (*_IM_FACTORS, "Flow") or c.wrapper is None:
            continue
        folder = by_id.get(c.parent)
        cluster = b.cluster(folder.wrapper.get("name") or f"folder {folder.id}") if (
            folder is not None and folder.kind == "Folder" and folder.wrapper is not None) else None
        x, y = _absolute(c, {k: v for k, v in by_id.items() if v.kind == "Folder"})
        props = {"kind": c.kind.lower()}
        for attr in ("Equation", "InitialValue", "FlowRate", "Units"):
            value = c.wrapper.get(attr)
            if value:
                props[attr.lower()] = value
        shown = " ".join((c.wrapper.get("name") or c.id).split())
        b.factor(c.id, shown, description=text_of(c.wrapper.get("Note")), x=x, y=y, cluster=cluster,
                 properties=props, where=f"{c.kind} {c.id!r}")
    for c in prims:
        where = f"{c.kind} {c.id!r}"
        if c.kind == "Flow":
            for end, sign in ((c.target, 1), (c.source, -1)):
                if end:
                    b.link(c.id, real(end), sign, properties={"kind": "flow"}, where=where)
        elif c.kind in ("Link", "Transition"):
            if not c.source or not c.target:
                report.warn("dropped_link", f"{where} is not joined at both ends; left out", file=name)
                continue
            label = c.wrapper.get("name") if c.wrapper is not None else None
            polarity = sign_word(label) if label not in (None, "Link", "Transition") else None
            b.link(real(c.source), real(c.target), polarity, where=where)
    title = next((c.wrapper.get("name") for c in prims if c.kind == "Setting" and c.wrapper is not None
                  and c.wrapper.get("name")), None) or PurePosixPath(name).stem
    return b.snapshot(title, title)

"""Mental Modeler (mentalmodeler.com) project files, ``.mmp``: the desktop tool's XML
(``<mentalModeler>``) and the web tool's JSON (``info``/``concepts``). Read only.

What becomes what: each concept → a factor (``name``; ``notes`` → description; ``units`` a
property; x/y); its group (``groupNames`` by index, when the name is not empty) → a cluster; each
of its relationships → a link from the concept to the one the relationship names by ``id``, with
polarity the sign of ``influence`` (−1…1) and strength its magnitude; the qualitative values
``H+``/``M+``/``L+`` (and ``−``) give the sign and strength 3/2/1; an influence of 0 or a word the
vocabulary does not know → unknown polarity (reported).

Mental Modeler's CSV export is a plain signed adjacency matrix (concepts across the top and down the
side): it is read by the adjacency-matrix reader, not here.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

from graph.formats.mapbuild import MapBuilder
from graph.formats.report import ImportReport
from graph.formats.safety import local, parse_xml
from graph.formats.tables import FormatError, single_file
from graph.formats.vocabulary import read_number, read_polarity
from graph.systems.snapshot import SystemSnapshot

_QUALITATIVE = re.compile(r"^\s*([HML])\s*([+\-−])\s*$", re.I)
_LEVELS = {"l": 1.0, "m": 2.0, "h": 3.0}


def _json(data: bytes) -> Any:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return None
    try:
        return json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def detect(files: list[tuple[str, bytes]]) -> bool:
    """A ``<mentalModeler>`` root, or a JSON object with ``concepts`` whose items have
    ``relationships`` (or ``info`` and ``groupNames``)."""
    if len(files) != 1:
        return False
    data = files[0][1]
    # Mental Modeler 1.0 writes <mentalModeler>, 1.1 <mentalmodeler > (lower case, a space).
    if re.match(rb"^\s*(<\?xml[^>]*\?>\s*)?<mentalmodeler[\s>]", data[:4096].lstrip(b"\xef\xbb\xbf"), re.I):
        return True
    doc = _json(data)
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("concepts"), list)
        and ("groupNames" in doc
             or any(isinstance(c, dict) and "relationships" in c for c in doc["concepts"]))
    )


def _text(el: Any, tag: str) -> str:
    child = el.find(tag) if el is not None else None
    return (child.text or "").strip() if child is not None else ""


def load(name: str, data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The project's info, group names and concepts, as plain dicts (from XML or JSON)."""
    doc = _json(data)
    if isinstance(doc, dict):
        if not isinstance(doc.get("concepts"), list):
            raise FormatError("not a Mental Modeler project: it needs a 'concepts' list", name)
        groups = doc.get("groupNames")
        info = {"info": doc.get("info") if isinstance(doc.get("info"), dict) else {},
                "groups": {str(k): str(v) for k, v in groups.items()} if isinstance(groups, dict) else {}}
        return info, [c for c in doc["concepts"] if isinstance(c, dict)]
    root = parse_xml(name, data)
    if local(root.tag).lower() != "mentalmodeler":
        raise FormatError(f"not a Mental Modeler project: the root element is <{local(root.tag)}>", name)
    info_el = root.find("info")
    fields = {child.tag: (child.text or "").strip() for child in info_el} if info_el is not None else {}
    info = {"info": fields,
            "groups": {g.get("index", ""): (g.text or "").strip()
                       for g in root.findall("groupNames/groupName")}}
    concepts = []
    for el in root.findall("concepts/concept"):  # not the copies each <scenario> keeps
        rels = [{key: _text(r, key) for key in ("id", "name", "notes", "confidence", "influence")}
                for r in el.findall("relationships/relationship")]
        keys = ("id", "name", "notes", "units", "group", "x", "y")
        concept: dict[str, Any] = {key: _text(el, key) for key in keys}
        concepts.append({**concept, "relationships": rels})
    return info, concepts


def influence(value: Any) -> tuple[int | None, float | None, bool]:
    """Polarity, strength and whether the value was understood."""
    match = _QUALITATIVE.match(str(value)) if isinstance(value, str) else None
    if match:
        return (1 if match.group(2) == "+" else -1), _LEVELS[match.group(1).lower()], True
    number = read_number(value)
    if number is None or number == 0:
        return None, None, value in (None, "")
    reading = read_polarity(number)
    return reading.polarity, abs(number), True


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a Mental Modeler project")
    info, concepts = load(name, data)
    b = MapBuilder(report, name)
    for n, concept in enumerate(concepts, start=1):
        cid = str(concept.get("id", "")).strip()
        if not cid:
            report.warn("dropped_field", f"concept {n} has no id; left out", file=name)
            continue
        group = info["groups"].get(str(concept.get("group", "")).strip(), "").strip()
        props = {"units": str(concept["units"])} if str(concept.get("units") or "").strip() else {}
        b.factor(cid, str(concept.get("name") or cid), description=str(concept.get("notes") or "").strip(),
                 x=read_number(concept.get("x")), y=read_number(concept.get("y")),
                 cluster=b.cluster(group) if group else None, properties=props, where=f"concept {n}")
    for n, concept in enumerate(concepts, start=1):
        for r, rel in enumerate(concept.get("relationships") or [], start=1):
            if not isinstance(rel, dict):
                continue
            where = f"concept {n} ({concept.get('name')!r}), relationship {r}"
            polarity, strength, understood = influence(rel.get("influence"))
            if not understood:
                report.warn("unknown_polarity_word", f"{where}: influence {rel.get('influence')!r} is not a "
                            "weight in -1..1; polarity unknown", file=name)
            notes = str(rel.get("notes") or "").strip()
            b.link(str(concept.get("id", "")).strip(), str(rel.get("id", "")).strip(), polarity,
                   strength=strength, evidence=notes or None, where=where)
    title = str(info["info"].get("name") or "").strip() or PurePosixPath(name).stem.removesuffix(".mmp")
    return b.snapshot(title, title)

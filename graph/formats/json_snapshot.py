"""Our own JSON snapshot of one system (``{"format": "hls-graph/system", "version": 1, ...}``): it
carries everything a stored system has. The format is documented in docs/system-json-format.md.

Errors name the file, the list (``factors``...), the item number in it (from 1) and the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from graph.formats.report import ImportReport
from graph.formats.tables import FormatError, decode_text, extra_value, single_file
from graph.formats.vocabulary import parse_polarity
from graph.systems.snapshot import (
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
)

FORMAT_NAME = "hls-graph/system"
VERSION = 1
MEDIA_TYPE = "application/json"
SUFFIX = ".json"

_SYSTEM_KEYS = {"id", "name", "outcome", "description"}
_CLUSTER_KEYS = {"id", "name", "colour"}
_FACTOR_KEYS = {"id", "name", "description", "cluster", "x", "y", "properties"}
_LINK_KEYS = {"source", "target", "polarity", "strength", "delay", "evidence", "properties"}
_WORDS = ("list", "item", "key")


def write(snapshot: SystemSnapshot) -> bytes:
    doc = {
        "format": FORMAT_NAME,
        "version": VERSION,
        "system": {
            "id": snapshot.id,
            "name": snapshot.name,
            "outcome": snapshot.outcome,
            "description": snapshot.description,
        },
        "clusters": [{"id": c.local_id, "name": c.name, "colour": c.colour} for c in snapshot.clusters],
        "factors": [
            {
                "id": f.local_id,
                "name": f.name,
                "description": f.description,
                "cluster": f.cluster,
                "x": f.x,
                "y": f.y,
                "properties": f.properties,
            }
            for f in snapshot.factors
        ],
        "links": [
            {
                "source": link.source,
                "target": link.target,
                "polarity": link.polarity,
                "strength": link.strength,
                "delay": link.delay,
                "evidence": link.evidence,
                "properties": link.properties,
            }
            for link in snapshot.links
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def load_json(name: str, data: bytes) -> Any:
    """Parsed JSON; a syntax error is refused with its line (row) and column."""
    text = decode_text(name, data)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg}", name, exc.lineno, exc.colno) from None


def json_document(files: list[tuple[str, bytes]]) -> Any:
    """The JSON value of a one-file upload that looks like JSON (None otherwise): for detection."""
    if len(files) != 1:
        return None
    data = files[0][1].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data.startswith((b"{", b"[")):
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def detect(files: list[tuple[str, bytes]]) -> bool:
    """Our snapshot (``"format": "hls-graph/system"``), or a ``.json`` file nothing else claims
    (so that a broken one is refused naming its line)."""
    doc = json_document(files)
    if isinstance(doc, dict):
        return doc.get("format") == FORMAT_NAME
    return len(files) == 1 and files[0][0].lower().endswith(".json") and doc is None


@dataclass
class _Item:
    """One object of a list in the document, for checked reads that name where they failed."""

    file: str
    section: str | None
    n: int | None
    record: dict[str, Any]

    def fail(self, key: str | None, message: str) -> FormatError:
        return FormatError(message, self.file, self.n, key, self.section, _WORDS)

    def check_keys(self, known: set[str]) -> None:
        unknown = sorted(set(self.record) - known)
        if unknown:
            raise self.fail(
                unknown[0],
                f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))}); "
                'extra values go under "properties"',
            )

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and required:
            value = str(value)  # ids written as numbers
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"{key!r} must be text, not {value!r}")
        if required and not (value or "").strip():
            raise self.fail(key, f"{key!r} is required and must be non-empty text")
        return value

    def number(self, key: str) -> float | None:
        value = self.record.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"{value!r} is not a number")
        return float(value)

    def properties(self) -> dict[str, Any]:
        props = self.record.get("properties") or {}
        if not isinstance(props, dict):
            raise self.fail("properties", '"properties" must be an object')
        for key, value in props.items():
            if value not in (None, "", []) and extra_value(value) != value:
                raise self.fail(
                    "properties", f"property {key!r} must be text, a number, true/false or a list of text"
                )
        return {k: v for k, v in props.items() if v is not None}


def _items(name: str, doc: dict[str, Any], section: str) -> list[_Item]:
    records = doc.get(section, [])
    if not isinstance(records, list):
        raise FormatError(f'"{section}" must be a list of objects', name, column=section, words=_WORDS)
    items = [_Item(name, section, n, r) for n, r in enumerate(records, start=1)]
    for item in items:
        if not isinstance(item.record, dict):
            raise item.fail(None, "the item is not an object")
    return items


def _unique(items: list[_Item], values: list[str], key: str, what: str) -> set[str]:
    first: dict[str, int] = {}
    for item, value in zip(items, values, strict=True):
        if value in first:
            raise item.fail(key, f"duplicate {what} {value!r} (first at item {first[value]})")
        first[value] = item.n or 0
    return set(first)


def parse(files: list[tuple[str, bytes]], report: ImportReport | None = None) -> SystemSnapshot:
    """Our own format is read as written: a finding here is a broken file, so only polarity is
    lenient (null or missing: unknown)."""
    name, data = single_file(files, "a JSON snapshot")
    doc = load_json(name, data)
    top = _Item(name, None, None, doc if isinstance(doc, dict) else {})
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise top.fail("format", f'not an hls-graph system snapshot: "format" must be "{FORMAT_NAME}"')
    if doc.get("version") != VERSION:
        raise top.fail(
            "version",
            f"snapshot version {doc.get('version')!r} is not supported (this reader knows version {VERSION})",
        )
    if not isinstance(doc.get("system"), dict):
        raise top.fail("system", '"system" must be an object')
    system = _Item(name, None, None, doc["system"])
    system.check_keys(_SYSTEM_KEYS)

    cluster_items = _items(name, doc, "clusters")
    for item in cluster_items:
        item.check_keys(_CLUSTER_KEYS)
    clusters = [
        SnapshotCluster(i.text("id", True), i.text("name", True), i.text("colour"))  # type: ignore[arg-type]
        for i in cluster_items
    ]
    cluster_ids = _unique(cluster_items, [c.local_id for c in clusters], "id", "cluster id")
    _unique(cluster_items, [c.name for c in clusters], "name", "cluster name")

    factor_items = _items(name, doc, "factors")
    factors = [_factor(item, cluster_ids) for item in factor_items]
    factor_ids = _unique(factor_items, [f.local_id for f in factors], "id", "factor id")
    _unique(factor_items, [f.name for f in factors], "name", "factor name")

    link_items = _items(name, doc, "links")
    links = [_link(item, factor_ids) for item in link_items]
    _unique(link_items, [f"{link.source} → {link.target}" for link in links], "source", "link")
    return SystemSnapshot(
        id=system.text("id") or "",
        name=system.text("name") or "",
        outcome=system.text("outcome") or "",
        description=system.text("description"),
        factors=factors,
        clusters=clusters,
        links=links,
    )


def _factor(item: _Item, cluster_ids: set[str]) -> SnapshotFactor:
    item.check_keys(_FACTOR_KEYS)
    cluster = item.text("cluster")
    if cluster is not None and cluster not in cluster_ids:
        raise item.fail("cluster", f'unknown cluster {cluster!r} (not in "clusters")')
    return SnapshotFactor(
        local_id=item.text("id", True) or "",
        name=item.text("name", True) or "",
        description=item.text("description") or "",
        cluster=cluster,
        x=item.number("x"),
        y=item.number("y"),
        properties=item.properties(),
    )


def _link(item: _Item, factor_ids: set[str]) -> SnapshotLink:
    item.check_keys(_LINK_KEYS)
    ends = []
    for key in ("source", "target"):
        end = item.text(key, True) or ""
        if end not in factor_ids:
            raise item.fail(key, f"link to an unknown factor {end!r} (no factor has that id)")
        ends.append(end)
    try:
        polarity = parse_polarity(item.record.get("polarity"))
    except ValueError as exc:
        raise item.fail("polarity", str(exc)) from None
    if polarity is None and item.record.get("polarity") not in (None, ""):
        raise item.fail("polarity", f"unknown polarity {item.record.get('polarity')!r}: use 1, -1 or null")
    delay = item.record.get("delay")
    if delay is not None and not isinstance(delay, bool):
        raise item.fail("delay", f"{delay!r} is not true or false")
    return SnapshotLink(
        ends[0],
        ends[1],
        polarity,
        item.number("strength"),
        bool(delay),
        item.text("evidence"),
        item.properties(),
    )

"""Kumu: the JSON blueprint (``{"elements": [...], "connections": [...]}``) and the spreadsheet
(XLSX sheets ``Elements``: Label, Type, Description, Tags; ``Connections``: From, To, Type).

Mapping: element label → factor name, element type → cluster, description → description, tags →
the ``tags`` property (a list); connection type ``+``/``-`` → polarity, connection description →
evidence. Our exports add the columns Kumu has no place for (ID, X, Y, Strength, Delay, and extras);
Kumu keeps them as custom fields. Connections are written with the factors' labels.

Kumu project backups nest an item's fields under ``attributes`` (``"element type"``,
``"connection type"``) and name ends by ``_id``; both shapes are read, and element positions are
taken from the first map of a backup. Structure comes only from its own place: a custom attribute
named ``id``, ``from``, ``to``, ``direction``, ``type`` (or a field the item has already) is kept as
``attr_<name>`` and reported; ``delayed: true`` is the link's delay.

As Kumu does: the spreadsheet matches elements by label (same label, one element) and creates the
elements a connection names; a backup keeps same-label elements apart by id (renamed ``Label (2)``);
``mutual`` connections are two links, ``undirected`` ones a link marked ``undirected``
(graph/formats/rows.py). Everything done is on the import report.
"""

from __future__ import annotations

import json
from typing import Any

from graph.formats.json_snapshot import json_document, load_json
from graph.formats.report import ImportReport
from graph.formats.rows import FactorColumns, LinkColumns, cluster_cells, snapshot_from_tables
from graph.formats.tables import (
    XLSX_MEDIA_TYPE,
    FormatError,
    encode_extra_key,
    read_xlsx,
    records_table,
    sheet_of,
    single_file,
    workbook_sheets,
    write_xlsx,
)
from graph.systems.snapshot import SystemSnapshot, polarity_sign

JSON_MEDIA_TYPE, JSON_SUFFIX = "application/json", ".kumu.json"
XLSX_SUFFIX = "-kumu.xlsx"
ELEMENTS, CONNECTIONS = "Elements", "Connections"

# Column names as Kumu writes them (matched case-insensitively; the first is named in errors).
FACTOR_COLUMNS = FactorColumns(
    name=("Label",),
    local_id=("ID", "_id"),
    description=("Description",),
    cluster=("Type", "element type"),
    x=("X",),
    y=("Y",),
    lists=("Tags",),
)
LINK_COLUMNS = LinkColumns(
    source=("From",),
    target=("To",),
    polarity=("Type", "connection type", "polarity", "sign", "effect"),
    strength=("Strength",),
    delay=("Delay", "delayed"),
    evidence=("Evidence", "Description"),
    direction=("Direction",),
)
_ELEMENT_KEYS = [
    "ID",
    "Label",
    "Type",
    "Description",
    "Tags",
    "X",
    "Y",
    "cluster_id",
    "cluster_colour",
    "element type",
    "_id",
]
_CONNECTION_KEYS = [
    "From",
    "To",
    "Type",
    "Direction",
    "Strength",
    "Delay",
    "Description",
    "Evidence",
    "connection type",
    "_id",
    "id",
]


def _element_rows(snapshot: SystemSnapshot) -> list[dict[str, Any]]:
    names, cells = snapshot.cluster_names(), cluster_cells(snapshot)
    rows = []
    for f in snapshot.factors:
        row: dict[str, Any] = {
            "ID": f.local_id,
            "Label": f.name,
            "Type": names.get(f.cluster) if f.cluster else None,
            "Description": f.description,
            "X": f.x,
            "Y": f.y,
        }
        row.update(cells[f.cluster] if f.cluster else {})
        for key, value in f.properties.items():
            row["Tags" if key == "tags" else encode_extra_key(key, _ELEMENT_KEYS)] = value
        rows.append(row)
    return rows


def _connection_rows(snapshot: SystemSnapshot) -> list[dict[str, Any]]:
    by_id = {f.local_id: f.name for f in snapshot.factors}
    rows = []
    for link in snapshot.links:
        row: dict[str, Any] = {
            "From": by_id[link.source],
            "To": by_id[link.target],
            "Type": polarity_sign(link.polarity),
            "Direction": "directed",
            "Strength": link.strength,
            "Delay": link.delay or None,
            "Description": link.evidence,
        }
        for key, value in link.properties.items():
            row[encode_extra_key(key, _CONNECTION_KEYS)] = value
        rows.append(row)
    return rows


def write_json(snapshot: SystemSnapshot) -> bytes:
    elements, connections = _element_rows(snapshot), _connection_rows(snapshot)
    doc = {
        "elements": [
            {k.lower() if k in _ELEMENT_KEYS else k: v for k, v in e.items() if v is not None}
            for e in elements
        ],
        "connections": [
            {k.lower() if k in _CONNECTION_KEYS else k: v for k, v in c.items() if v is not None}
            for c in connections
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_xlsx_file(snapshot: SystemSnapshot) -> bytes:
    return write_xlsx(
        {
            ELEMENTS: sheet_of(_element_rows(snapshot), ["ID", "Label", "Type", "Description"]),
            CONNECTIONS: sheet_of(_connection_rows(snapshot), ["From", "To", "Type", "Direction"]),
        }
    )


# A backup's names for the blueprint's keys (one file may mix both shapes).
_BACKUP_KEYS = {"element type": "type", "connection type": "type", "_id": "id"}
# Structure an ``attributes`` object never sets (it is custom data there).
_RESERVED = {"id", "_id", "from", "to", "direction", "type"}


def _flatten(records: Any, name: str, section: str, report: ImportReport) -> Any:
    """Backup-shaped items (fields under ``attributes``, backup key names) as blueprint-shaped ones;
    anything that is not a list of objects is returned unchanged for the reader to refuse."""
    if not isinstance(records, list):
        return records
    flat = []
    for n, record in enumerate(records, start=1):
        if isinstance(record, dict):
            record = dict(record)
            attributes = record.pop("attributes", None)
            if isinstance(attributes, dict):
                for key, value in attributes.items():
                    if key.lower() in _RESERVED or key.lower() in {k.lower() for k in record}:
                        report.warn("renamed", f"custom attribute {key!r} is kept as 'attr_{key}': it does "
                                    "not override the item's own field", file=name, sheet=section, row=n,
                                    column=key)
                        key = f"attr_{key}"
                    record[key] = value
            elif attributes is not None:
                record["attributes"] = attributes
            for backup, blueprint in _BACKUP_KEYS.items():
                if backup in record and blueprint not in record:
                    record = {blueprint if k == backup else k: v for k, v in record.items()}
        flat.append(record)
    return flat


def _backup_positions(doc: dict[str, Any], elements: list[Any]) -> None:
    """Positions from the first map of a Kumu backup, onto elements that have none."""
    maps = doc.get("maps")
    if not (isinstance(maps, list) and maps and isinstance(maps[0], dict)):
        return
    where = {
        m.get("element"): m.get("position")
        for m in maps[0].get("elements") or []
        if isinstance(m, dict) and isinstance(m.get("position"), dict)
    }
    for element in elements:
        if isinstance(element, dict) and element.get("id") in where and "x" not in element:
            element["x"], element["y"] = where[element["id"]].get("x"), where[element["id"]].get("y")


def parse_json(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a Kumu blueprint")
    doc = load_json(name, data)
    if not isinstance(doc, dict) or "elements" not in doc:
        raise FormatError(
            'not a Kumu blueprint: no "elements" list', name, column="elements", words=("list", "item", "key")
        )
    elements = _flatten(doc["elements"], name, "elements", report)
    _backup_positions(doc, elements)
    return snapshot_from_tables(
        records_table(name, "elements", elements),
        FACTOR_COLUMNS,
        lambda: records_table(name, "connections", _flatten(doc.get("connections", []), name, "connections",
                                                            report)),
        LINK_COLUMNS,
        f"{name} elements",
        report,
    )


def parse_xlsx(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a Kumu spreadsheet")
    sheets = read_xlsx(name, data, [ELEMENTS, CONNECTIONS])
    return snapshot_from_tables(
        sheets[ELEMENTS], FACTOR_COLUMNS, lambda: sheets[CONNECTIONS], LINK_COLUMNS, f"sheet {ELEMENTS!r}",
        report,
    )


def detect_json(files: list[tuple[str, bytes]]) -> bool:
    """One JSON object with an ``elements`` list (a blueprint or a project backup)."""
    doc = json_document(files)
    return isinstance(doc, dict) and isinstance(doc.get("elements"), list)


def detect_xlsx(files: list[tuple[str, bytes]]) -> bool:
    """A workbook with an ``Elements`` sheet."""
    return "elements" in workbook_sheets(files)


__all__ = [
    "JSON_MEDIA_TYPE",
    "JSON_SUFFIX",
    "XLSX_MEDIA_TYPE",
    "XLSX_SUFFIX",
    "parse_json",
    "parse_xlsx",
    "write_json",
    "write_xlsx_file",
]

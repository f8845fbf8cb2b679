"""Import and export of outcome systems: every format converts to and from a
:class:`~graph.systems.snapshot.SystemSnapshot` (one module per format family).

>>> sorted(FORMATS)
['csv', 'gexf', 'graphml', 'json', 'kumu-json', 'kumu-xlsx', 'prsm-xlsx']

What each format carries is documented in docs/system-formats.md; our own JSON snapshot in
docs/system-json-format.md.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from graph.formats import csv_pair, json_snapshot, kumu, networkx_xml, prsm
from graph.formats.tables import XLSX_MEDIA_TYPE, FormatError
from graph.systems.snapshot import SystemSnapshot, validate_snapshot

Files = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Format:
    name: str
    parse: Callable[[Files], SystemSnapshot]
    write: Callable[[SystemSnapshot], bytes]
    media_type: str
    suffix: str  # appended to the system id to name the exported file


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format(
            "json", json_snapshot.parse, json_snapshot.write, json_snapshot.MEDIA_TYPE, json_snapshot.SUFFIX
        ),
        Format("csv", csv_pair.parse, csv_pair.write, csv_pair.MEDIA_TYPE, csv_pair.SUFFIX),
        Format("kumu-json", kumu.parse_json, kumu.write_json, kumu.JSON_MEDIA_TYPE, kumu.JSON_SUFFIX),
        Format("kumu-xlsx", kumu.parse_xlsx, kumu.write_xlsx_file, XLSX_MEDIA_TYPE, kumu.XLSX_SUFFIX),
        Format("prsm-xlsx", prsm.parse, prsm.write, prsm.MEDIA_TYPE, prsm.SUFFIX),
        Format(
            "graphml",
            networkx_xml.parse_graphml,
            networkx_xml.write_graphml,
            networkx_xml.GRAPHML_MEDIA_TYPE,
            networkx_xml.GRAPHML_SUFFIX,
        ),
        Format(
            "gexf",
            networkx_xml.parse_gexf,
            networkx_xml.write_gexf,
            networkx_xml.GEXF_MEDIA_TYPE,
            networkx_xml.GEXF_SUFFIX,
        ),
    ]
}


@dataclass(frozen=True)
class Exported:
    content: bytes
    media_type: str
    filename: str


def get_format(name: str) -> Format:
    if name not in FORMATS:
        raise FormatError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}", "format")
    return FORMATS[name]


def detect_format(files: Files) -> str:
    """The format of an upload, from its file names and, for JSON and XLSX, its content."""
    if not files:
        raise FormatError("no file uploaded", "upload")
    suffixes = {PurePath(name).suffix.lower() for name, _ in files}
    name, data = files[0]
    if suffixes <= {".csv", ".zip"}:
        return "csv"
    if suffixes == {".graphml"}:
        return "graphml"
    if suffixes == {".gexf"}:
        return "gexf"
    if suffixes == {".json"}:
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return "json"  # the JSON reader names the broken byte or line
        return "kumu-json" if isinstance(doc, dict) and "elements" in doc else "json"
    if suffixes == {".xlsx"}:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                book = archive.read("xl/workbook.xml").decode("utf-8", "replace").lower()
        except (zipfile.BadZipFile, KeyError):
            return "prsm-xlsx"  # the XLSX reader says what is wrong with the file
        return "kumu-xlsx" if 'name="elements"' in book else "prsm-xlsx"
    raise FormatError(f"cannot tell the format from the file name; pass one of {', '.join(FORMATS)}", name)


def import_snapshot(
    files: Files,
    format: str | None = None,
    system_id: str | None = None,
    name: str | None = None,
    outcome: str | None = None,
    description: str | None = None,
) -> SystemSnapshot:
    """Parse uploaded files into a validated snapshot. ``system_id``/``name``/``outcome``/
    ``description`` override what the file says; formats that do not name the system need
    ``system_id``. Nothing is written here."""
    fmt = get_format(format or detect_format(files))
    parsed = fmt.parse(files)
    snapshot = SystemSnapshot(
        id=system_id or parsed.id,
        name=name or parsed.name or system_id or parsed.id,
        outcome=outcome or parsed.outcome or name or parsed.name or "",
        description=description if description is not None else parsed.description,
        factors=parsed.factors,
        clusters=parsed.clusters,
        links=parsed.links,
    )
    if not snapshot.id:
        raise FormatError(f"the {fmt.name} file does not name its system: pass system_id", files[0][0])
    if not snapshot.outcome:
        snapshot.outcome = snapshot.name
    validate_snapshot(snapshot)
    return snapshot


def export_snapshot(snapshot: SystemSnapshot, format: str) -> Exported:
    fmt = get_format(format)
    return Exported(fmt.write(snapshot), fmt.media_type, f"{snapshot.id}{fmt.suffix}")


__all__ = [
    "FORMATS",
    "Exported",
    "Format",
    "FormatError",
    "detect_format",
    "export_snapshot",
    "get_format",
    "import_snapshot",
]

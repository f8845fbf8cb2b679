"""Import and export of outcome systems: every format converts to and from a
:class:`~graph.systems.snapshot.SystemSnapshot` (one module per format family).

>>> sorted(FORMATS)  # doctest: +NORMALIZE_WHITESPACE
['csv', 'drawio', 'gexf', 'gml', 'graphml', 'insightmaker', 'json', 'kumu-json', 'kumu-xlsx', 'loopy',
 'mentalmodeler', 'prsm', 'prsm-xlsx', 'vensim', 'xmile']

Every import answers an :class:`~graph.formats.report.ImportReport` (what it merged, created,
renamed, left unknown). What each format carries, the polarity vocabulary and the duplicate policy
per format are documented in docs/system-formats.md; our own JSON snapshot in
docs/system-json-format.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.formats import (
    csv_pair,
    gexf,
    json_snapshot,
    kumu,
    loopy,
    mentalmodeler,
    mxgraph,
    networkx_xml,
    prsm,
    prsm_map,
    vensim,
    xmile,
)
from graph.formats.report import ImportReport
from graph.formats.settle import settle
from graph.formats.tables import XLSX_MEDIA_TYPE, FormatError
from graph.systems.snapshot import SystemSnapshot, validate_snapshot

Files = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Format:
    """One file format: ``detect`` says from the upload's content (its file names a hint) whether
    the upload is in this format; ``parse`` reads it, recording on the report what it did beyond
    copying (and refusing instead when the report is strict)."""

    name: str
    parse: Callable[[Files, ImportReport], SystemSnapshot]
    write: Callable[[SystemSnapshot], bytes]
    media_type: str
    suffix: str  # appended to the system id to name the exported file
    detect: Callable[[Files], bool]
    exports: bool = True  # False: import only (``write`` refuses, naming the formats that export)


# Asked in this order: the first format that recognises an upload reads it.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format(
            "json", json_snapshot.parse, json_snapshot.write, json_snapshot.MEDIA_TYPE, json_snapshot.SUFFIX,
            json_snapshot.detect,
        ),
        Format("kumu-json", kumu.parse_json, kumu.write_json, kumu.JSON_MEDIA_TYPE, kumu.JSON_SUFFIX,
               kumu.detect_json),
        Format("kumu-xlsx", kumu.parse_xlsx, kumu.write_xlsx_file, XLSX_MEDIA_TYPE, kumu.XLSX_SUFFIX,
               kumu.detect_xlsx),
        Format("prsm-xlsx", prsm.parse, prsm.write, prsm.MEDIA_TYPE, prsm.SUFFIX, prsm.detect),
        Format(
            "graphml",
            networkx_xml.parse_graphml,
            networkx_xml.write_graphml,
            networkx_xml.GRAPHML_MEDIA_TYPE,
            networkx_xml.GRAPHML_SUFFIX,
            networkx_xml.detect_graphml,
        ),
        Format(
            "gexf",
            gexf.parse_gexf,
            networkx_xml.write_gexf,
            networkx_xml.GEXF_MEDIA_TYPE,
            networkx_xml.GEXF_SUFFIX,
            networkx_xml.detect_gexf,
        ),
        Format("csv", csv_pair.parse, csv_pair.write, csv_pair.MEDIA_TYPE, csv_pair.SUFFIX, csv_pair.detect),
    ]
}


# --- issue 12, item 6: the modelling tools' own files (XMILE, Vensim, PRSM maps) and GML ----------
def _import_only(name: str) -> Callable[[SystemSnapshot], bytes]:
    def refuse(_: SystemSnapshot) -> bytes:
        exporting = ", ".join(n for n, f in FORMATS.items() if f.exports)
        raise FormatError(f"{name} is read, not written; export as one of {exporting}", "format")

    return refuse


FORMATS.update({
    f.name: f
    for f in [
        Format("xmile", xmile.parse, _import_only("xmile"), "application/xml", ".xmile", xmile.detect, False),
        Format("vensim", vensim.parse, _import_only("vensim"), "text/plain", ".mdl", vensim.detect, False),
        Format("prsm", prsm_map.parse, _import_only("prsm"), "application/json", ".prsm", prsm_map.detect,
               False),
        Format("gml", networkx_xml.parse_gml, networkx_xml.write_gml, networkx_xml.GML_MEDIA_TYPE,
               networkx_xml.GML_SUFFIX, networkx_xml.detect_gml),
    ]
})
EXPORT_FORMATS = [name for name, f in FORMATS.items() if f.exports]
# --- end of issue 12, item 6 --------------------------------------------------------------------

# --- issue 29, item 2: diagramming tools (draw.io, Insight Maker, Mental Modeler, LOOPY) ----------
FORMATS.update({
    f.name: f
    for f in [
        Format("drawio", mxgraph.parse_drawio, _import_only("drawio"), "application/xml", ".drawio",
               mxgraph.detect_drawio, False),
        Format("insightmaker", mxgraph.parse_insightmaker, _import_only("insightmaker"), "application/xml",
               ".xml", mxgraph.detect_insightmaker, False),
        Format("mentalmodeler", mentalmodeler.parse, _import_only("mentalmodeler"), "application/xml", ".mmp",
               mentalmodeler.detect, False),
    ]
})
# LOOPY's saved text is often a .txt, which the CSV pair claims by name: asked just before it (its own
# detection needs LOOPY's [[nodes], [edges], ...] array, so no CSV is taken from the CSV reader).
_LOOPY = Format("loopy", loopy.parse, _import_only("loopy"), "text/plain", ".txt", loopy.detect, False)
_ORDER = list(FORMATS)
_AT = _ORDER.index("csv")
FORMATS = {n: FORMATS[n] for n in _ORDER[:_AT]} | {"loopy": _LOOPY} | {n: FORMATS[n] for n in _ORDER[_AT:]}
EXPORT_FORMATS = [name for name, f in FORMATS.items() if f.exports]
# --- end of issue 29, item 2 ----------------------------------------------------------------------


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
    """The format of an upload: each format in turn looks at the content (file names a hint)."""
    if not files:
        raise FormatError("no file uploaded", "upload")
    for fmt in FORMATS.values():
        if fmt.detect(files):
            return fmt.name
    raise FormatError(
        f"cannot tell the format from the file name or content; pass one of {', '.join(FORMATS)}", files[0][0]
    )


def import_snapshot(
    files: Files,
    format: str | None = None,
    system_id: str | None = None,
    name: str | None = None,
    outcome: str | None = None,
    description: str | None = None,
    strict: bool = False,
    page: str | None = None,
) -> tuple[SystemSnapshot, ImportReport]:
    """Parse uploaded files into a validated snapshot and the report of what the import did.
    ``system_id``/``name``/``outcome``/``description`` override what the file says; formats that do
    not name the system need ``system_id``. ``strict`` refuses (422) what would be a warning.
    ``page`` picks a draw.io page by name or number (default: the first).
    Nothing is written here."""
    fmt = get_format(format or detect_format(files))
    report = ImportReport(strict=strict, format=fmt.name, page=page)
    parsed = fmt.parse(files, report)
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
    settle(snapshot, report, files[0][0])
    validate_snapshot(snapshot)
    report.counts = snapshot.counts()
    return snapshot, report


def export_snapshot(snapshot: SystemSnapshot, format: str) -> Exported:
    fmt = get_format(format)
    return Exported(fmt.write(snapshot), fmt.media_type, f"{snapshot.id}{fmt.suffix}")


__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "Exported",
    "Format",
    "FormatError",
    "ImportReport",
    "detect_format",
    "export_snapshot",
    "get_format",
    "import_snapshot",
]

"""PRSM (Participatory System Mapper) spreadsheet: XLSX sheets ``Factors`` (Label, Note or
Description, x, y, and any attribute columns) and ``Links`` (From, To, Label, Note; From/To are factor
labels).

Mapping: Label → name, Note/Description → description, ``Cluster`` → cluster; a link's Label is its
polarity (``+``/``-``; a ``Polarity`` column wins when present) and its Note is the evidence. PRSM has
no factor ids, so our exports add an ``ID`` column (PRSM ignores it), and ``Strength``/``Delay`` and
the extras as attribute columns.
"""

from __future__ import annotations

from typing import Any

from graph.formats.report import ImportReport
from graph.formats.rows import FactorColumns, LinkColumns, cluster_cells, snapshot_from_tables
from graph.formats.tables import (
    XLSX_MEDIA_TYPE,
    encode_extra_key,
    read_xlsx,
    sheet_of,
    single_file,
    workbook_sheets,
    write_xlsx,
)
from graph.systems.snapshot import SystemSnapshot, polarity_sign

MEDIA_TYPE, SUFFIX = XLSX_MEDIA_TYPE, "-prsm.xlsx"
FACTORS, LINKS = "Factors", "Links"
# Column names as PRSM writes them (matched case-insensitively; the first is named in errors).
FACTOR_COLUMNS = FactorColumns(
    name=("Label",),
    local_id=("ID",),
    description=("Note", "Description"),
    cluster=("Cluster",),
)
LINK_COLUMNS = LinkColumns(
    source=("From",),
    target=("To",),
    polarity=("Polarity", "Sign", "Label"),
    strength=("Strength",),
    delay=("Delay",),
    evidence=("Note", "Description"),
)
_FACTOR_HEADERS = ["ID", "Label", "Note", "Description", "Cluster", "cluster_id", "cluster_colour", "x", "y"]
_LINK_HEADERS = ["From", "To", "Label", "Polarity", "Note", "Description", "Strength", "Delay"]


def write(snapshot: SystemSnapshot) -> bytes:
    names, cells = snapshot.cluster_names(), cluster_cells(snapshot)
    factor_rows = []
    for f in snapshot.factors:
        row: dict[str, Any] = {
            "ID": f.local_id,
            "Label": f.name,
            "Note": f.description,
            "x": f.x,
            "y": f.y,
            "Cluster": names.get(f.cluster) if f.cluster else None,
        }
        row.update(cells[f.cluster] if f.cluster else {})
        row.update({encode_extra_key(k, _FACTOR_HEADERS): v for k, v in f.properties.items()})
        factor_rows.append(row)
    by_id = {f.local_id: f.name for f in snapshot.factors}
    link_rows = []
    for link in snapshot.links:
        row = {
            "From": by_id[link.source],
            "To": by_id[link.target],
            "Label": polarity_sign(link.polarity),
            "Note": link.evidence,
            "Strength": link.strength,
            "Delay": link.delay or None,
        }
        row.update({encode_extra_key(k, _LINK_HEADERS): v for k, v in link.properties.items()})
        link_rows.append(row)
    return write_xlsx(
        {
            FACTORS: sheet_of(factor_rows, ["ID", "Label", "Note", "x", "y"]),
            LINKS: sheet_of(link_rows, ["From", "To", "Label", "Note"]),
        }
    )


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    name, data = single_file(files, "a PRSM spreadsheet")
    sheets = read_xlsx(name, data, [FACTORS, LINKS])
    return snapshot_from_tables(
        sheets[FACTORS], FACTOR_COLUMNS, lambda: sheets[LINKS], LINK_COLUMNS, f"sheet {FACTORS!r}", report
    )


def detect(files: list[tuple[str, bytes]]) -> bool:
    """A workbook with ``Factors`` and ``Links`` sheets — or any ``.xlsx`` nothing else claims (the
    XLSX reader then says what is wrong with it)."""
    sheets = workbook_sheets(files)
    if {"factors", "links"} <= sheets:
        return True
    return len(files) == 1 and files[0][0].lower().endswith(".xlsx") and "elements" not in sheets

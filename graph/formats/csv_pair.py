"""The CSV pair: ``factors.csv`` (``id, name, cluster, definition, x, y`` + any other columns) and
``links.csv`` (``source, target, polarity`` [+ ``strength, delay, evidence``]; ends name factors by
``name``) — the shape of the shipped Foresight data. Uploaded as two files or one zip holding both;
exported as a zip (the CLI can also write the two files into a folder).

Read as people write CSV: ``,`` ``;`` or tab (sniffed), a BOM, headers in any case with their usual
synonyms (``from``/``to``, ``Source``/``Target``, Gephi's ``Id``/``Label``), Gephi's node and edge
tables by their file names (``Nodes.csv``/``Edges.csv``, ``*-nodes.csv``/``*-edges.csv``), an edge
list alone (its factors are its ends), a signed ``weight`` as the polarity, decimal commas with ``;``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePosixPath

from graph.formats.report import ImportReport
from graph.formats.rows import FactorColumns, LinkColumns, snapshot_from_tables
from graph.formats.safety import check_zip, read_member
from graph.formats.tables import FormatError, encode_extra_key, join_list, number_text, read_csv
from graph.systems.snapshot import SystemSnapshot, polarity_word, slugify

MEDIA_TYPE = "application/zip"
SUFFIX = "-csv.zip"
FACTORS_FILE, LINKS_FILE = "factors.csv", "links.csv"
FACTOR_COLUMNS = FactorColumns(name=("name", "label", "factor", "node"), local_id=("id",),
                               description=("definition", "description"))
LINK_COLUMNS = LinkColumns(source=("source", "from", "source id", "cause"),
                           target=("target", "to", "target id", "effect on"))
_FACTOR_WORDS, _LINK_WORDS = ("factor", "node", "element", "vert"), ("link", "edge", "connection", "arc")
_FACTOR_HEADERS = [
    "id",
    "name",
    "cluster",
    "cluster_id",
    "cluster_colour",
    "definition",
    "description",
    "x",
    "y",
]
_LINK_HEADERS = ["source", "target", "polarity", "strength", "delay", "evidence"]


def _csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_files(snapshot: SystemSnapshot) -> dict[str, bytes]:
    """``factors.csv`` and ``links.csv``; optional columns only when some row has a value."""
    names = snapshot.cluster_names()
    colours = {c.local_id: c.colour for c in snapshot.clusters}
    extra_keys = sorted({k for f in snapshot.factors for k in f.properties})
    with_cluster_ids = any(
        f.cluster and f.cluster != slugify(names[f.cluster], "cluster") for f in snapshot.factors
    )
    with_colours = any(colours.get(f.cluster) for f in snapshot.factors if f.cluster)
    header = [
        "id",
        "name",
        "cluster",
        *(["cluster_id"] if with_cluster_ids else []),
        *(["cluster_colour"] if with_colours else []),
        "definition",
        "x",
        "y",
        *(encode_extra_key(k, _FACTOR_HEADERS) for k in extra_keys),
    ]
    factor_rows = []
    for f in snapshot.factors:
        row: list[object] = [f.local_id, f.name, names.get(f.cluster, "") if f.cluster else ""]
        if with_cluster_ids:
            row.append(f.cluster or "")
        if with_colours:
            row.append(colours.get(f.cluster) or "" if f.cluster else "")
        row += [f.description, number_text(f.x), number_text(f.y)]
        row += [join_list(f.properties[k]) if k in f.properties else "" for k in extra_keys]
        factor_rows.append(row)

    by_id = {f.local_id: f.name for f in snapshot.factors}
    link_extras = sorted({k for link in snapshot.links for k in link.properties})
    optional = [
        col
        for col, used in (
            ("strength", any(link.strength is not None for link in snapshot.links)),
            ("delay", any(link.delay for link in snapshot.links)),
            ("evidence", any(link.evidence for link in snapshot.links)),
        )
        if used
    ]
    link_header = [
        "source",
        "target",
        "polarity",
        *optional,
        *(encode_extra_key(k, _LINK_HEADERS) for k in link_extras),
    ]
    link_rows = []
    for link in snapshot.links:
        values = {
            "strength": number_text(link.strength),
            "delay": "true" if link.delay else "false",
            "evidence": link.evidence or "",
        }
        link_rows.append(
            [
                by_id[link.source],
                by_id[link.target],
                polarity_word(link.polarity),
                *(values[c] for c in optional),
                *(join_list(link.properties[k]) if k in link.properties else "" for k in link_extras),
            ]
        )
    return {FACTORS_FILE: _csv_bytes(header, factor_rows), LINKS_FILE: _csv_bytes(link_header, link_rows)}


def write(snapshot: SystemSnapshot) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in write_files(snapshot).items():
            archive.writestr(name, data)
    return out.getvalue()


def _unzip(name: str, data: bytes) -> list[tuple[str, bytes]]:
    check_zip(name, data)  # sizes from the central directory: a zip bomb is refused before unpacking
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir()
                and m.filename.lower().endswith((".csv", ".tsv", ".txt"))
                and not PurePosixPath(m.filename).name.startswith(".")
            ]
            return [(f"{name}:{m.filename}", read_member(name, archive, m)) for m in members]
    except zipfile.BadZipFile:
        raise FormatError("not a zip archive", name) from None


def _named(files: list[tuple[str, bytes]], words: tuple[str, ...]) -> list[tuple[str, bytes]]:
    return [f for f in files if any(w in PurePosixPath(f[0].split(":")[-1]).name.lower() for w in words)]


def _pick(files: list[tuple[str, bytes]]) -> tuple[tuple[str, bytes] | None, tuple[str, bytes]]:
    """(factors file or None, links file), told apart by name (``factor``/``node`` and
    ``link``/``edge`` in it); one CSV alone is an edge list."""
    factors, links = _named(files, _FACTOR_WORDS), _named(files, _LINK_WORDS)
    if len(files) == 1 and not (factors and not links):  # a factors file alone has no links
        return None, files[0]
    if len(factors) == 1 and len(links) == 1 and factors[0] is not links[0]:
        return factors[0], links[0]
    names = ", ".join(f[0] for f in files) or "none"
    raise FormatError(
        f"the CSV pair needs exactly one factors file and one links file, named with "
        f"'factor' (or 'node') and 'link' (or 'edge') (e.g. {FACTORS_FILE}, {LINKS_FILE}); got: {names}",
        files[0][0] if files else "upload",
    )


def detect(files: list[tuple[str, bytes]]) -> bool:
    """CSV or TSV text files, or a zip of them (by name: CSV has no signature to look for)."""
    suffixes = {PurePosixPath(name).suffix.lower() for name, _ in files}
    return bool(files) and suffixes <= {".csv", ".tsv", ".txt", ".zip"}


def parse(files: list[tuple[str, bytes]], report: ImportReport) -> SystemSnapshot:
    if len(files) == 1 and files[0][0].lower().endswith(".zip"):
        files = _unzip(*files[0])
    factor_file, (link_name, link_data) = _pick(files)
    return snapshot_from_tables(
        read_csv(*factor_file) if factor_file else None,
        FACTOR_COLUMNS,
        lambda: read_csv(link_name, link_data),
        LINK_COLUMNS,
        factor_file[0] if factor_file else link_name,
        report,
    )

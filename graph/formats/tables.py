"""Rows and columns from uploaded files (CSV, XLSX sheets), with errors that name the file, sheet,
row and column, and the shared step from a factor table and a link table to a snapshot.

Row numbers are as a spreadsheet shows them: the header is row 1, the first data row is row 2.
Header names match case-insensitively; columns no role claims are kept as extra properties under
their header text (a ``prop.`` prefix, which exports add when an extra's name equals a column of the
format, is removed).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from graph.formats.errors import FormatError
from graph.formats.safety import check_zip
from graph.systems.snapshot import PropertyValue

EXTRA_PREFIX = "prop."
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """A header and data rows; ``rows`` pairs each row's number (header = 1) with its cells."""

    file: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    sheet: str | None = None
    words: tuple[str, str, str] = ("sheet", "row", "column")
    used: set[int] = field(default_factory=set)
    decimal_comma: bool = False  # numbers like 0,5 (a ';'-separated CSV)

    def at(self, row: int | None = None, column: str | None = None) -> dict[str, Any]:
        """Where a finding is, as :meth:`ImportReport.warn` takes it."""
        return {"file": self.file, "sheet": self.sheet, "row": row, "column": column}

    def fail(self, message: str, row: int | None = None, column: str | None = None) -> FormatError:
        return FormatError(message, self.file, row, column, self.sheet, self.words)

    def column(self, *names: str, required: bool = False) -> int | None:
        """Index of the first header equal (case-insensitively) to one of ``names``; marks it used."""
        lowered = [h.strip().lower() for h in self.headers]
        for name in names:
            if name.lower() in lowered:
                index = lowered.index(name.lower())
                self.used.add(index)
                return index
        if required:
            raise self.fail(
                f"missing column {names[0]!r} (columns found: {', '.join(self.headers) or 'none'})",
                row=1,
                column=names[0],
            )
        return None

    def extras(self) -> list[tuple[int, str]]:
        """The columns no role claimed: (index, property name)."""
        return [
            (i, decode_extra_key(h.strip()))
            for i, h in enumerate(self.headers)
            if i not in self.used and h.strip()
        ]


def decode_extra_key(header: str) -> str:
    return header[len(EXTRA_PREFIX) :] if header.startswith(EXTRA_PREFIX) else header


def encode_extra_key(key: str, reserved: Sequence[str]) -> str:
    """An extra's column/attribute name in a format whose own names are ``reserved``."""
    if key.lower() in {r.lower() for r in reserved} or key.startswith(EXTRA_PREFIX):
        return EXTRA_PREFIX + key
    return key


# --- reading files -------------------------------------------------------------------------------


def single_file(files: Sequence[tuple[str, bytes]], what: str) -> tuple[str, bytes]:
    """The one (name, bytes) of an upload that must be one file (``what`` names the format)."""
    if len(files) != 1:
        raise FormatError(f"{what} is one file, got {len(files)}", files[0][0] if files else "upload")
    return files[0]


def decode_text(
    name: str, data: bytes, locate: Callable[[bytes, int], tuple[int, str | int]] | None = None
) -> str:
    """UTF-8 text (a BOM is allowed); other bytes are refused naming the row and column (by default
    the line and character; ``locate`` maps the byte offset to a format's own row and column)."""
    if not data.strip():
        raise FormatError("the file is empty", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if locate is not None:
            row, column = locate(data, exc.start)
        else:
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            row = data.count(b"\n", 0, exc.start) + 1
            column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = f"byte 0x{data[exc.start]:02x} is not UTF-8 text (save the file as UTF-8)"
        raise FormatError(message, name, row, column) from None


def _csv_position(data: bytes, offset: int) -> tuple[int, str | int]:
    """The CSV record (row, header = 1) and column (its header name) holding byte ``offset``."""
    # A sentinel closes the partial field the offset is in, so the last record is the one holding it.
    prefix = data[:offset].decode("utf-8-sig", "replace") + "\x00"
    records = list(csv.reader(io.StringIO(prefix, newline="")))
    index = len(records[-1]) - 1
    header = records[0] if len(records) > 1 else []
    return len(records), header[index].strip() if index < len(header) else index + 1


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one the header line (outside quotes) uses most; ``,`` on a tie."""
    header = text.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv(name: str, data: bytes) -> Table:
    """A CSV file as a :class:`Table` (delimiter ``,`` ``;`` or tab, sniffed from the header; a
    BOM is allowed; with ``;`` numbers may use a decimal comma); blank lines are skipped."""
    text = decode_text(name, data, _csv_position)
    delimiter = sniff_delimiter(text)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FormatError(f"not valid CSV: {exc}", name) from None
    table = _table(name, [(n, row) for n, row in enumerate(lines, start=1)], None)
    table.decimal_comma = delimiter == ";"
    return table


def _non_empty(values: Sequence[Any]) -> bool:
    return any(v is not None and str(v).strip() for v in values)


def _table(name: str, numbered: list[tuple[int, Sequence[Any]]], sheet: str | None) -> Table:
    numbered = [(n, list(row)) for n, row in numbered if _non_empty(row)]
    if not numbered:
        raise FormatError("the file is empty" if sheet is None else "the sheet is empty", name, sheet=sheet)
    header_row, headers = numbered[0]
    headers = [("" if h is None else str(h)).strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        if h and h.lower() in seen:
            raise FormatError(f"column {h!r} appears twice in the header", name, header_row, h, sheet)
        seen[h.lower()] = i
    rows = []
    for n, row in numbered[1:]:
        extra = [v for v in row[len(headers) :] if v is not None and str(v).strip()]
        if extra:
            raise FormatError(
                f"the row has {len(headers) + len(extra)} cells but the header only {len(headers)}",
                name,
                n,
                len(headers) + 1,
                sheet,
            )
        rows.append((n, row + [None] * (len(headers) - len(row))))
    return Table(name, headers, rows, sheet)


def records_table(name: str, section: str, records: Any) -> Table:
    """A JSON list of objects as a :class:`Table`: keys are columns, item *n* (from 1) is row *n*."""
    words = ("list", "item", "key")
    if not isinstance(records, list):
        raise FormatError(f"{section!r} must be a list of objects", name, words=words)
    headers: list[str] = []
    lowered: dict[str, str] = {}
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise FormatError("the item is not an object", name, n, None, section, words)
        for key in record:
            if key.lower() in lowered and lowered[key.lower()] != key:
                raise FormatError(
                    f"keys {lowered[key.lower()]!r} and {key!r} differ only in case",
                    name,
                    n,
                    key,
                    section,
                    words,
                )
            if key.lower() not in lowered:
                lowered[key.lower()] = key
                headers.append(key)
    rows = [(n, [record.get(h) for h in headers]) for n, record in enumerate(records, start=1)]
    return Table(name, headers, rows, section, words)


def workbook_sheets(files: Sequence[tuple[str, bytes]]) -> set[str]:
    """The lower-case sheet names of a one-file XLSX upload (empty when it is not one): how the
    spreadsheet formats detect themselves without opening the whole workbook."""
    if len(files) != 1 or not files[0][1].startswith(b"PK"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(files[0][1])) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()
    return {m.lower() for m in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', book)}


def read_xlsx(name: str, data: bytes, sheets: Sequence[str]) -> dict[str, Table]:
    """The named sheets of an XLSX workbook (names match case-insensitively); a missing sheet is
    refused naming the sheets the workbook has."""
    import openpyxl

    if not data.strip():
        raise FormatError("the file is empty", name)

    check_zip(name, data)  # refuse a zip bomb before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FormatError(f"not an XLSX workbook ({exc.__class__.__name__}: {exc})", name) from None
    try:
        by_lower = {s.lower(): s for s in book.sheetnames}
        tables = {}
        for wanted in sheets:
            actual = by_lower.get(wanted.lower())
            if actual is None:
                raise FormatError(
                    f"no sheet named {wanted!r} (sheets found: {', '.join(book.sheetnames)}); "
                    f"this format needs sheets {' and '.join(map(repr, sheets))}",
                    name,
                )
            rows = list(book[actual].iter_rows(values_only=True))
            tables[wanted] = _table(name, list(enumerate(rows, start=1)), actual)
        return tables
    finally:
        book.close()


def columns_of(rows: list[dict[str, Any]], first: Sequence[str] = ()) -> list[str]:
    """Column names in first-seen order (``first`` always, then those some row fills)."""
    keys = list(first)
    for row in rows:
        keys += [k for k, v in row.items() if k not in keys and v is not None]
    return keys


def sheet_of(rows: list[dict[str, Any]], first: Sequence[str] = ()) -> tuple[list[str], list[list[Any]]]:
    """(header, cells) for :func:`write_xlsx`; lists become ``a | b``."""
    header = columns_of(rows, first)
    return header, [[join_list(r[h]) if r.get(h) is not None else None for h in header] for r in rows]


def write_xlsx(sheets: dict[str, tuple[list[str], list[list[Any]]]]) -> bytes:
    """A workbook with one sheet per entry: name → (header, rows)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- cells ---------------------------------------------------------------------------------------


def text(value: Any) -> str:
    """A cell as text: numbers that are whole print without ``.0``; empty is ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip() if isinstance(value, str) else str(value)


def raw_text(value: Any) -> str:
    """Free text (a description, evidence) as written: not stripped; empty is ``""``."""
    return value if isinstance(value, str) else text(value)


def number(table: Table, value: Any, row: int, column: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise table.fail(f"{value!r} is not a number", row, column)
    if table.decimal_comma and isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+,\d+\s*", value):
        value = value.replace(",", ".")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise table.fail(f"{value!r} is not a number", row, column) from None
    if not math.isfinite(result):
        raise table.fail(f"{value!r} is not a finite number", row, column)
    return result


def flag(table: Table, value: Any, row: int, column: str) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in ("", "false", "no", "0", "n", "f"):
        return False
    if word in ("true", "yes", "1", "y", "t"):
        return True
    raise table.fail(f"{value!r} is not true or false", row, column)


def extra_value(value: Any) -> PropertyValue | None:
    """A cell kept as an extra property (None when empty): text stays text, numbers stay numbers,
    a list of text stays a list; anything else (JSON objects) is kept as JSON text."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool | int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return value
    if isinstance(value, str):
        return value
    return text(value)


def split_list(value: PropertyValue) -> list[str]:
    """A Kumu multi-value cell (``a | b``) as a list."""
    return value if isinstance(value, list) else [p.strip() for p in text(value).split("|") if p.strip()]


def join_list(value: PropertyValue) -> str | int | float | bool:
    """A property as one cell: lists become ``a | b`` (Kumu's separator)."""
    return " | ".join(value) if isinstance(value, list) else value


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))

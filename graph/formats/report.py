"""The import report: what an importer did to a file beyond copying it — merged duplicates, created
factors, renamed labels, links of unknown polarity, fields it dropped — each with where it came from.

Every importer takes a report and records on it instead of refusing a file a person would accept.
With ``strict=True`` a finding is refused instead: :meth:`ImportReport.warn` raises the
:class:`~graph.formats.errors.FormatError` (422) naming file, sheet, row and column.

>>> report = ImportReport()
>>> report.warn("merged", "link A → B given twice; kept one", file="links.csv", row=7)
>>> [(w.kind, w.where()) for w in report.warnings]
[('merged', 'links.csv, row 7')]
>>> ImportReport(strict=True).warn("merged", "link A → B given twice", file="links.csv", row=7)
Traceback (most recent call last):
...
graph.formats.errors.FormatError: links.csv, row 7: link A → B given twice
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.formats.tables import FormatError


@dataclass
class ImportWarning:
    """One finding: a stable ``kind`` (``merged``, ``created``, ``renamed``, ``unknown_polarity``,
    ``conflicting_polarity``, ``dropped_field``, ``undirected``, ``mutual``...), a message for people,
    and where."""

    kind: str
    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self) -> str:
        parts = [self.file or "upload"]
        parts += [f"sheet {self.sheet!r}"] if self.sheet else []
        parts += [f"row {self.row}"] if self.row is not None else []
        parts += [f"column {self.column!r}"] if self.column else []
        return ", ".join(parts)


@dataclass
class ImportReport:
    """Findings of one import; ``counts`` is filled in once the snapshot is complete."""

    strict: bool = False
    format: str | None = None
    warnings: list[ImportWarning] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    page: str | None = None  # draw.io: the page asked for (by name or number), else the first

    def warn(
        self, kind: str, message: str, *, file: str | None = None, sheet: str | None = None,
        row: int | None = None, column: str | None = None,
    ) -> None:
        """Record a finding; in strict mode refuse the file with it instead."""
        if self.strict:
            raise FormatError(message, file or "upload", row, column, sheet)
        self.warnings.append(ImportWarning(kind, message, file, sheet, row, column))

    def note(
        self, kind: str, message: str, *, file: str | None = None, sheet: str | None = None,
        row: int | None = None, column: str | None = None,
    ) -> None:
        """Record what the import did the way the source tool does it (a Kumu ``mutual`` connection
        as two links, factors from an edge list alone): reported, never refused, even when strict."""
        self.warnings.append(ImportWarning(kind, message, file, sheet, row, column))

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "strict": self.strict, "counts": dict(self.counts),
                "warnings": [asdict(w) for w in self.warnings]}

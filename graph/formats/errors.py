"""The refusal every importer raises: a file that cannot be imported, named with where in it."""

from __future__ import annotations

from graph.core.errors import RuleBroken

__all__ = ["FormatError"]


class FormatError(RuleBroken):
    """A file that cannot be imported (422): the message starts with where — file, sheet, row, column."""

    def __init__(
        self,
        message: str,
        file: str,
        row: int | None = None,
        column: str | int | None = None,
        sheet: str | None = None,
        words: tuple[str, str, str] = ("sheet", "row", "column"),
    ) -> None:
        # JSON files say list / item / key where spreadsheets say sheet / row / column.
        where = [file]
        if sheet:
            where.append(f"{words[0]} {sheet!r}")
        if row is not None:
            where.append(f"{words[1]} {row}")
        if column is not None:
            where.append(f"{words[2]} {column!r}" if isinstance(column, str) else f"{words[2]} {column}")
        super().__init__(
            "bad_file", f"{', '.join(where)}: {message}", file=file, sheet=sheet, row=row, column=column
        )

"""``hls-graph backup FILE`` and ``hls-graph restore FILE [--replace]``: the whole database as one
logical dump (graph/core/backup.py, docs/backup-format.md), with progress."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from graph.cli.common import console, open_graph
from graph.core import backup as dump
from graph.core.db import apply_constraints


def _progress() -> tuple[Progress, dump.Progress]:
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True)
    task = bar.add_task("starting…")

    def update(kind: str, done: int) -> None:
        bar.update(task, description=f"{kind}: {done}")

    return bar, update


def backup_command(
    file: Annotated[Path, typer.Argument(help="The backup file to write (.jsonl, or .jsonl.gz compressed).")],
) -> None:
    """Write every node, relationship and property of the database to FILE."""
    bar, update = _progress()
    with open_graph() as graph, bar:
        counts = dump.backup(graph, file, datetime.now(UTC).isoformat(), update)
    typer.echo(f"backed up {counts['nodes']} nodes and {counts['relationships']} relationships to {file}")


def restore_command(
    file: Annotated[Path, typer.Argument(help="A backup file written by `hls-graph backup`.")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Empty the database first (in the same transaction as the restore).",
    )] = False,
) -> None:
    """Load FILE into an empty database (or replace the database), all or nothing."""
    bar, update = _progress()
    # Constraints only: the default scales the schema seeds would make the database non-empty, and
    # the backup brings the scales it had.
    with open_graph() as graph, bar:
        apply_constraints(graph)
        counts = dump.restore(graph, file, replace=replace, progress=update)
    typer.echo(f"restored {counts['nodes']} nodes and {counts['relationships']} relationships from {file}")

"""``hls-graph load learning FILE`` and ``hls-graph export learning [--cycle ID] FILE``: the learning
structure as one learning document (docs/learning-format.md), written through the bulk path
(``graph.learning.bulk``: one transaction, the single writes' rules) with a progress bar, and
exported whole or as the stack below one cycle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from app.models.bulk import LearningDocument
from graph.cli.common import console, fail, open_graph
from graph.learning import bulk, export

export_app = typer.Typer(no_args_is_help=True, help="Export data as files.")


def load_learning_command(
    file: Annotated[Path, typer.Argument(help="A learning document (JSON), e.g. from `export learning`.")],
) -> None:
    """Write a learning document in ONE transaction (all or nothing), checking every rule first."""
    try:
        document = LearningDocument.model_validate_json(file.read_bytes())
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"{file} is not a learning document: {exc.error_count()} problem(s); first at "
                   f"{'/'.join(map(str, first['loc']))}: {first['msg']}") from None
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                   transient=True)
    tasks: dict[str, int] = {}

    def progress(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=max(total, 1))
        bar.update(tasks[name], completed=done if total else 1)

    with open_graph(writes=True) as graph, bar:
        try:
            report = graph.write_tx(lambda tx: bulk.write_learning_checked(tx, document.rows(), progress))
        except bulk.BulkInvalid as refused:
            for p in refused.details["problems"]:
                console.print(f"  {p['kind']}[{p['index']}] {p['id']!r} {p['field'] or ''}: {p['rule']}: "
                              f"{p['message']}", highlight=False, markup=False)
            raise
    typer.echo(f"loaded {file}: " + ", ".join(f"{k} {v}" for k, v in report["written"].items() if v))


@export_app.command("learning")
def export_learning_command(
    file: Annotated[Path, typer.Argument(help="The JSON file to write.")],
    cycle: Annotated[str | None, typer.Option(
        "--cycle", help="Only this cycle and every cycle below it (its stack); default: everything.",
    )] = None,
) -> None:
    """Write the learning structure (or one stack of it) as a learning document."""
    with open_graph() as graph:
        doc = export.export_learning(graph, cycle)
    file.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    typer.echo(f"exported {len(doc['cycles'])} cycles, {len(doc['experiments'])} experiments and "
               f"{len(doc['evidence'])} evidence to {file}")

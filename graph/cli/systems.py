"""``hls-graph systems list|import|export|delete``.

A refused command prints the reason (file, row and column for a bad file) and exits 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import open_graph
from graph.formats import EXPORT_FORMATS, FORMATS, csv_pair, export_snapshot, import_snapshot
from graph.systems.imports import save_import
from graph.systems.system import delete_system, list_systems, load_snapshot

systems_app = typer.Typer(no_args_is_help=True, help="Outcome systems (factor maps): list, import, export.")

FORMAT_HELP = f"One of {', '.join(FORMATS)} (default: from the file name and content)."


def describe(counts: dict[str, int]) -> str:
    return (f"{counts['factors']} factors, {counts['clusters']} clusters, {counts['links']} links "
            f"({counts['positive_links']} positive, {counts['negative_links']} negative, "
            f"{counts.get('unknown_links', 0)} unknown)")


@systems_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every outcome system with its counts."""
    with open_graph(writes=True) as graph:
        page = list_systems(graph, limit=10_000)
    if as_json:
        typer.echo(json.dumps(page["items"], indent=2, ensure_ascii=False))
        return
    for s in page["items"]:
        typer.echo(f"{s['id']}\t{s['name']}\t{s['factors']} factors, {s['clusters']} clusters, "
                   f"{s['links']} links")
    typer.echo(f"{page['total']} systems")


@systems_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="The file(s): one, or factors.csv and links.csv.",
                                                exists=True, dir_okay=False, readable=True)],
    format: Annotated[str | None, typer.Option("--format", help=FORMAT_HELP)] = None,
    system_id: Annotated[str | None, typer.Option("--id", help="System id (when the file has none).")] = None,
    name: Annotated[str | None, typer.Option(help="System name.")] = None,
    outcome: Annotated[str | None, typer.Option(help="The outcome the system map is about.")] = None,
    description: Annotated[str | None, typer.Option(help="System description.")] = None,
    replace: Annotated[bool, typer.Option(help="Replace a system with this id.")] = False,
    detach: Annotated[bool, typer.Option(help="With --replace: drop experiments' links to removed factors.")]
    = False,
    strict: Annotated[bool, typer.Option(help="Refuse what would be a warning (duplicates, loose "
                                              "references, unknown polarity words).")] = False,
    page: Annotated[str | None, typer.Option(help="draw.io: the page to import, by name or number.")] = None,
) -> None:
    """Import a system map (validated whole before one write; a bad file writes nothing) and print
    the import report."""
    uploads = [(path.name, path.read_bytes()) for path in files]
    with open_graph(writes=True) as graph:
        snapshot, report = import_snapshot(uploads, format, system_id, name, outcome, description,
                                           strict=strict, page=page)
        counts = save_import(graph, snapshot, report, replace=replace, detach=detach)["counts"]
    verb = "replaced" if counts["replaced"] else "imported"
    typer.echo(f"{snapshot.id}: {verb} {describe(counts)} ({report.format})")
    for line in report_lines(report.as_dict()):
        typer.echo(line)


def report_lines(report: dict) -> list[str]:
    """The findings of an import report, one line each: ``kind: where: message``."""
    lines = [f"{len(report['warnings'])} findings" if report["warnings"] else "no findings"]
    for w in report["warnings"]:
        where = ", ".join(p for p in (w["file"], w["sheet"] and f"sheet {w['sheet']!r}",
                                      w["row"] is not None and f"row {w['row']}",
                                      w["column"] and f"column {w['column']!r}") if p)
        lines.append(f"  {w['kind']}: {where + ': ' if where else ''}{w['message']}")
    return lines


@systems_app.command("export")
def export_command(
    system_id: Annotated[str, typer.Argument(help="The system id.")],
    format: Annotated[str, typer.Option("--format", help=f"One of {', '.join(EXPORT_FORMATS)}.")] = "json",
    out: Annotated[Path | None, typer.Option(help="File to write (csv: a .zip, or a folder for the two "
                                                  "CSV files); default: <id><suffix> here.")] = None,
) -> None:
    """Export a system map to a file."""
    with open_graph(writes=True) as graph:
        snapshot = load_snapshot(graph, system_id)
        exported = export_snapshot(snapshot, format)
    target = out or Path(exported.filename)
    if format == "csv" and (target.is_dir() or not target.suffix):
        target.mkdir(parents=True, exist_ok=True)
        for name, data in csv_pair.write_files(snapshot).items():
            (target / name).write_bytes(data)
        typer.echo(f"wrote {target / csv_pair.FACTORS_FILE} and {target / csv_pair.LINKS_FILE}")
        return
    target.write_bytes(exported.content)
    typer.echo(f"wrote {target} ({len(exported.content)} bytes)")


@systems_app.command("delete")
def delete_command(
    system_id: Annotated[str, typer.Argument(help="The system id.")],
    detach: Annotated[bool, typer.Option(help="Also delete experiments' and cycles' links to it.")] = False,
) -> None:
    """Delete a system with its factors, clusters and links."""
    with open_graph(writes=True) as graph:
        result = delete_system(graph, system_id, detach=detach)
    typer.echo(f"deleted {system_id}: {result['factors']} factors, {result['clusters']} clusters, "
               f"{result['links']} links")

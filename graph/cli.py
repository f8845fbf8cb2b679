"""The ``hls-graph`` command: the local Neo4j, the service, loaders, analysis and maps.

Each area registers its own sub-command group here; errors print one clear line and exit 1.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from rich.console import Console

from graph import local_neo4j
from graph.db import Graph, apply_schema, connect
from graph.errors import AppError
from graph.settings import Settings, get_settings

console = Console(stderr=True)
app = typer.Typer(no_args_is_help=True, help="hls-graph: Human Learning Systems in Neo4j.")
db_app = typer.Typer(no_args_is_help=True, help="The local Neo4j (embedded, Bolt on 127.0.0.1).")
app.add_typer(db_app, name="db")
load_app = typer.Typer(no_args_is_help=True, help="Load the data sets hls-graph ships (idempotent).")
app.add_typer(load_app, name="load")

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder (default HLS_DATA_DIR or .data/neo4j).")
]
Port = Annotated[int | None, typer.Option("--port", help="Bolt port (default HLS_BOLT_PORT or 7687).")]


def fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


def _settings(data_dir: Path | None = None, port: int | None = None, **more: str | None) -> Settings:
    overrides = {"hls_data_dir": data_dir, "hls_bolt_port": port, **more}
    return get_settings().model_copy(update={k: v for k, v in overrides.items() if v is not None})


@contextmanager
def jar_fetch_progress(message: str) -> Iterator[Callable[[str], None]]:
    """A spinner that counts the jars Maven fetches on the first run (a line every 20 jars when
    the output is not a terminal, e.g. in CI, where a spinner does not show)."""
    with console.status(message) as status:
        fetched: list[str] = []

        def progress(artifact: str) -> None:
            fetched.append(artifact)
            line = f"Fetching Neo4j jars from Maven Central: {len(fetched)} ({artifact})"
            status.update(line)
            if not console.is_terminal and len(fetched) % 20 == 1:
                console.print(line, highlight=False)

        yield progress
    if fetched:
        console.print(f"fetched {len(fetched)} Neo4j artifacts (cached in ~/.m2 from now on)")


def start_local(settings: Settings) -> local_neo4j.Status:
    """Start the local Neo4j, showing Maven's first-run jar fetch as it goes."""
    with jar_fetch_progress("Starting the local Neo4j…") as progress:
        try:
            return local_neo4j.start(
                settings.hls_data_dir, port=settings.hls_bolt_port,
                heap=settings.hls_neo4j_heap, page_cache=settings.hls_neo4j_page_cache,
                progress=progress,
            )
        except local_neo4j.LocalNeo4jError as exc:
            raise fail(str(exc)) from None


@contextmanager
def open_graph(*, writes: bool = False) -> Iterator[Graph]:
    """The configured Neo4j (``NEO4J_URI``, or the local one, started if needed); an AppError inside
    becomes a one-line message and exit 1.

    With ``writes`` the schema is applied first (commands that load or change data).
    """
    settings = get_settings()
    if settings.uses_local_neo4j:
        start_local(settings)  # shows the first-run jar fetch; a failure is one clear line
    graph = connect(settings, start_local=False)
    if not graph.reachable():  # one quick try, not a transaction's retries
        graph.close()
        raise fail(f"Neo4j at {settings.bolt_uri} does not answer; start it (hls-graph db start) "
                   "or check NEO4J_URI")
    try:
        if writes:
            apply_schema(graph)
        yield graph
    except AppError as exc:
        raise fail(exc.message) from None
    except (ServiceUnavailable, SessionExpired) as exc:
        raise fail(f"Neo4j at {settings.bolt_uri} does not answer: {exc}") from None
    finally:
        graph.close()


@db_app.command("start")
def db_start(
    data_dir: DataDir = None,
    port: Port = None,
    heap: Annotated[str | None, typer.Option(help="JVM heap, e.g. 1g.")] = None,
    page_cache: Annotated[str | None, typer.Option(help="Neo4j page cache, e.g. 256m.")] = None,
) -> None:
    """Start the local Neo4j and wait until Bolt answers (does nothing if it runs already)."""
    settings = _settings(data_dir, port, hls_neo4j_heap=heap, hls_neo4j_page_cache=page_cache)
    if settings.neo4j_uri:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): the service uses that Neo4j; "
                      "starting the local one anyway.")
    st = start_local(settings)
    typer.echo(f"Neo4j {st.version} {st.edition} running: {st.uri} (pid {st.pid}, data {st.data_dir})")


@db_app.command("fetch")
def db_fetch() -> None:
    """Fetch the Neo4j jars with Maven (first run ~120 MB; cached in ~/.m2 after)."""
    with jar_fetch_progress("Resolving the Neo4j jars…") as progress:
        try:
            jars = local_neo4j.classpath(progress).split(os.pathsep)
        except local_neo4j.LocalNeo4jError as exc:
            raise fail(str(exc)) from None
    typer.echo(f"Neo4j {local_neo4j.NEO4J_VERSION}: {len(jars)} jars ready")


@db_app.command("stop")
def db_stop(data_dir: DataDir = None) -> None:
    """Stop the local Neo4j cleanly."""
    settings = _settings(data_dir)
    try:
        stopped = local_neo4j.stop(settings.hls_data_dir)
    except local_neo4j.LocalNeo4jError as exc:
        raise fail(str(exc)) from None
    typer.echo("Neo4j stopped" if stopped else f"Neo4j is not running ({settings.hls_data_dir})")


@db_app.command("status")
def db_status(
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Say whether the local Neo4j runs (exit 0) or not (exit 3)."""
    st = local_neo4j.status(_settings(data_dir).hls_data_dir)
    if as_json:
        typer.echo(json.dumps({"running": st.running, "pid": st.pid, "uri": st.uri,
                               "version": st.version, "data_dir": str(st.data_dir)}))
    elif st.running:
        typer.echo(f"running: {st.uri} (pid {st.pid}, Neo4j {st.version}, data {st.data_dir})")
    else:
        typer.echo(f"not running (data {st.data_dir})")
    raise typer.Exit(0 if st.running else 3)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="API host (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default 8000).")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data first (idempotent).")] = True,
) -> None:
    """Run the API: the local Neo4j (unless NEO4J_URI is set), demo data, then uvicorn."""
    import uvicorn

    from app.main import create_app

    settings = _settings(hls_api_host=host, hls_api_port=port)
    started_here = False
    if settings.uses_local_neo4j:
        started_here = not local_neo4j.status(settings.hls_data_dir).running
        start_local(settings)
    try:
        if demo:
            from graph.loaders import load_all_demo_data

            load_all_demo_data(settings, echo=typer.echo)
        typer.echo(f"API on http://{settings.hls_api_host}:{settings.hls_api_port} "
                   f"(docs at /docs, Neo4j {settings.bolt_uri})")
        uvicorn.run(create_app(settings), host=settings.hls_api_host, port=settings.hls_api_port)
    finally:
        if started_here:
            local_neo4j.stop(settings.hls_data_dir)
            typer.echo("local Neo4j stopped")


def main() -> None:
    from graph import cli_commands  # noqa: F401  (registers the areas' command groups)

    app()


if __name__ == "__main__":
    # Run as `python -m graph.cli`, this module is __main__; the areas register their commands on
    # the importable `graph.cli`, so run that one.
    from graph import cli

    cli.main()

"""``hls-graph db start|stop|status|fetch``: the local Neo4j (embedded, Bolt on 127.0.0.1)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import console, fail, jar_fetch_progress, settings_with, start_local
from graph.core import local_neo4j

db_app = typer.Typer(no_args_is_help=True, help="The local Neo4j (embedded, Bolt on 127.0.0.1).")

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder (default HLS_DATA_DIR, else user data dir).")
]
Port = Annotated[int | None, typer.Option("--port", help="Bolt port (default HLS_BOLT_PORT or 7687).")]


@db_app.command("start")
def db_start(
    data_dir: DataDir = None,
    port: Port = None,
    heap: Annotated[str | None, typer.Option(help="JVM heap, e.g. 1g.")] = None,
    page_cache: Annotated[str | None, typer.Option(help="Neo4j page cache, e.g. 256m.")] = None,
) -> None:
    """Start the local Neo4j and wait until Bolt answers (does nothing if it runs already)."""
    settings = settings_with(data_dir, port, hls_neo4j_heap=heap, hls_neo4j_page_cache=page_cache)
    if settings.neo4j_uri:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): the service uses that Neo4j; "
                      "starting the local one anyway.")
    st = start_local(settings.model_copy(update={"neo4j_uri": None}))
    assert st is not None  # no NEO4J_URI: the local one was started (or runs)
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
    settings = settings_with(data_dir)
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
    st = local_neo4j.status(settings_with(data_dir).hls_data_dir)
    if as_json:
        typer.echo(json.dumps({"running": st.running, "pid": st.pid, "uri": st.uri,
                               "version": st.version, "data_dir": str(st.data_dir)}))
    elif st.running:
        typer.echo(f"running: {st.uri} (pid {st.pid}, Neo4j {st.version}, data {st.data_dir})")
    else:
        typer.echo(f"not running (data {st.data_dir})")
    raise typer.Exit(0 if st.running else 3)



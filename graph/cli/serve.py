"""``hls-graph serve``: the local Neo4j (unless NEO4J_URI), the shipped data, then the API."""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Annotated

import typer

from graph.cli.common import settings_with, start_local
from graph.core import local_neo4j


def _exit_on_sigterm(signum: int, _: FrameType | None) -> None:
    """SIGTERM ends ``serve`` like Ctrl-C does: by an exception, so the ``finally`` that stops the
    local Neo4j runs. (uvicorn handles the signal itself, shuts down, then raises it again with the
    handler it found — this one; with the default handler the process died and Neo4j was orphaned.)"""
    sys.exit(128 + signum)


def serve(
    host: Annotated[str | None, typer.Option(help="API host (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default 8000).")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data first (idempotent).")] = True,
) -> None:
    """Run the API: the local Neo4j (unless NEO4J_URI is set), demo data, then uvicorn."""
    import uvicorn

    from app.main import create_app

    settings = settings_with(hls_api_host=host, hls_api_port=port)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    started_here = False
    if settings.uses_local_neo4j:
        started_here = not local_neo4j.status(settings.hls_data_dir).running
    start_local(settings)
    try:
        if demo:
            from graph.datasets.loaders import load_all_demo_data

            load_all_demo_data(settings, echo=typer.echo)
        typer.echo(f"API on http://{settings.hls_api_host}:{settings.hls_api_port} "
                   f"(docs at /docs, Neo4j {settings.bolt_uri})")
        uvicorn.run(create_app(settings), host=settings.hls_api_host, port=settings.hls_api_port)
    finally:
        if started_here:
            local_neo4j.stop(settings.hls_data_dir)
            typer.echo("local Neo4j stopped")



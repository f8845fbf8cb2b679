"""``hls-graph serve``: the local Neo4j (unless NEO4J_URI), the shipped data, then the API."""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Annotated

import typer

from graph.cli.common import settings_with, start_local
from graph.core import local_neo4j
from graph.core.settings import Settings


def _exit_on_sigterm(signum: int, _: FrameType | None) -> None:
    """SIGTERM ends ``serve`` like Ctrl-C does: by an exception, so the ``finally`` that stops the
    local Neo4j runs. (uvicorn handles the signal itself, shuts down, then raises it again with the
    handler it found — this one; with the default handler the process died and Neo4j was orphaned.)"""
    sys.exit(128 + signum)


def _announce_local_key(settings: Settings) -> None:
    """Make (first start) or reuse the local admin key and say where it is (issue 13)."""
    from graph.core.db import apply_schema, connect
    from graph.learning import keys, login_links
    from graph.learning.local_admin import ensure_local_admin_key, key_file
    from graph.learning.signing import secret_key

    graph = connect(settings)
    try:
        apply_schema(graph)
        secret = ensure_local_admin_key(graph, settings)
        key_id = keys.caller_for(graph, secret).key_id
        token = login_links.create_login_token(graph, secret_key(settings), str(key_id))
    finally:
        graph.close()
    typer.echo(f"admin key of the local user in {key_file(settings)} (only you can read it); "
               f"send it as Authorization: Bearer <key>, or paste it in /docs → Authorize "
               f"(…{secret[-4:]})")
    minutes = login_links.LIFETIME_SECONDS // 60
    typer.echo(f"open the explorer, logged in (this link works once, within {minutes} minutes):\n"
               f"    {login_url(settings, token)}")


def login_url(settings: Settings, token: str) -> str:
    """The printed one-time login link (Jupyter's convention); a wildcard host is shown as localhost."""
    host = settings.hls_api_host
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.hls_api_port}/login?token={token}"


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
        _announce_local_key(settings)
        uvicorn.run(create_app(settings), host=settings.hls_api_host, port=settings.hls_api_port)
    finally:
        if started_here:
            local_neo4j.stop(settings.hls_data_dir)
            typer.echo("local Neo4j stopped")



"""``hls-graph serve``: the local Neo4j (unless NEO4J_URI), the shipped data, then the API in one or
several worker processes.

With ``--workers N`` > 1 uvicorn spawns N processes that each build the app from the environment
(``app.main:app``, an import string: a built app cannot be handed to another process), while this
process starts the local Neo4j ONCE before them and stops it after them. Everything the workers
share lives in Neo4j; what a worker keeps is either about itself (its driver, its analysis pool, its
per-client analysis count) or keyed by the database's state (the analysis cache: an answer read at a
bookmark is reused only at that bookmark), so nothing goes stale when another worker writes."""

from __future__ import annotations

import os
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


# The default number of workers: one per core, at most this many (each worker has its own Neo4j
# connection pool and analysis processes; past a few, Neo4j and not Python is the limit).
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def serve(
    host: Annotated[str | None, typer.Option(help="API host (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="API port (default 8000).")] = None,
    demo: Annotated[bool, typer.Option(help="Load the demo data first (idempotent).")] = True,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64,
        help=f"API worker processes (default: the number of cores, at most {MAX_DEFAULT_WORKERS}).",
    )] = None,
) -> None:
    """Run the API: the local Neo4j (unless NEO4J_URI is set), demo data, then uvicorn."""
    import uvicorn

    from app.main import create_app
    from app.serving import run_workers

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
        # The local admin key, and the schema applied once before any worker starts (workers
        # applying it at once would race).
        _announce_local_key(settings)
        workers = workers or default_workers()
        if workers == 1:
            uvicorn.run(create_app(settings), host=settings.hls_api_host, port=settings.hls_api_port)
        else:
            typer.echo(f"{workers} API workers")
            # The workers read their settings from the environment, as this process did; their
            # connections keep TCP_NODELAY (app/serving.py: without it ~40 ms a request).
            run_workers("app.main:app", host=settings.hls_api_host, port=settings.hls_api_port,
                        workers=workers)
    finally:
        if started_here:
            local_neo4j.stop(settings.hls_data_dir)
            typer.echo("local Neo4j stopped")



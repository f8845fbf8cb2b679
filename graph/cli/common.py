"""What every ``hls-graph`` command group shares: the console, one-line failures, settings with
command-line overrides, the local Neo4j started with a visible first-run jar fetch, and
``open_graph`` for commands that use the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import ServiceUnavailable, SessionExpired
from rich.console import Console

from graph.core import local_neo4j
from graph.core.db import Graph, apply_schema, connect, ensure_running
from graph.core.errors import AppError
from graph.core.settings import Settings, get_settings

console = Console(stderr=True)

DataDir = Annotated[
    Path | None, typer.Option("--data-dir", help="Data folder (default HLS_DATA_DIR, else user data dir).")
]
Port = Annotated[int | None, typer.Option("--port", help="Bolt port (default HLS_BOLT_PORT or 7687).")]


def fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


def settings_with(data_dir: Path | None = None, port: int | None = None, **more: str | None) -> Settings:
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


def start_local(settings: Settings) -> local_neo4j.Status | None:
    """Start the local Neo4j unless it runs or ``NEO4J_URI`` names another (``ensure_running``),
    showing Maven's first-run jar fetch as it goes; a failure is one clear line."""
    with jar_fetch_progress("Starting the local Neo4j…") as progress:
        try:
            return ensure_running(settings, progress)
        except local_neo4j.LocalNeo4jError as exc:
            raise fail(str(exc)) from None


@contextmanager
def open_graph(*, writes: bool = False) -> Iterator[Graph]:
    """The configured Neo4j (``NEO4J_URI``, or the local one, started if needed); an AppError inside
    becomes a one-line message and exit 1.

    With ``writes`` the schema is applied first (commands that load or change data).
    """
    settings = get_settings()
    start_local(settings)
    graph = connect(settings)
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



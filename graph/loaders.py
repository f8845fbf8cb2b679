"""What the run command loads: every shipped data set, idempotently."""

from __future__ import annotations

from collections.abc import Callable

from graph.db import apply_schema, connect
from graph.settings import Settings


def load_all_demo_data(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """The Foresight obesity map, then the demo learning stack (its healthy-weight strand
    intervenes on Foresight factors). Loading twice changes nothing."""
    graph = connect(settings)
    try:
        apply_schema(graph)
    finally:
        graph.close()

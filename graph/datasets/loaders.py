"""What the run command loads: every shipped data set, idempotently."""

from __future__ import annotations

from collections.abc import Callable

from graph.core.db import apply_schema, connect
from graph.core.settings import Settings
from graph.datasets.demo import load_demo
from graph.datasets.foresight import SYSTEM_ID as FORESIGHT_ID
from graph.datasets.foresight import load_foresight


def load_all_demo_data(settings: Settings, echo: Callable[[str], None] = print) -> None:
    """The Foresight obesity map, then the demo learning stack (its healthy-weight strand
    intervenes on Foresight factors). Loading twice changes nothing."""
    graph = connect(settings)
    try:
        apply_schema(graph)
        counts = load_foresight(graph)
        state = "loaded" if counts["written"] else "kept (edited)" if counts["differs"] else "unchanged"
        echo(f"{FORESIGHT_ID}: {counts['factors']} factors, {counts['clusters']} clusters, "
             f"{counts['links']} links ({state})")
        demo = load_demo(graph)  # after Foresight: the demo's healthy-weight strand links to it
        echo(f"demo learning stack: {demo['LearningCycle']} cycles, {demo['Experiment']} experiments, "
             f"{demo['Evidence']} evidence, {demo['Pattern']} patterns (idempotent)")
    finally:
        graph.close()

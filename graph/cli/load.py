"""``hls-graph load demo [--reset]``, ``hls-graph load foresight [--replace]`` and ``hls-graph load
learning FILE`` (a learning document through the bulk path: graph/cli/learning.py).

``load demo``: the demo learning stack (graph/datasets/demo.py, docs/demo-stack.md).

Uses ``NEO4J_URI``, or the local Neo4j (started if needed). Loads the Foresight map first when it
is missing (the healthy-weight strand intervenes on its factors), then the stack; prints the
demo's nodes per label and relationships per type. Loading twice changes nothing::

    hls-graph load demo            # idempotent
    hls-graph load demo --reset    # delete the demo's nodes and load them again
"""

from __future__ import annotations

from typing import Annotated

import typer

from graph.cli.common import open_graph
from graph.cli.learning import load_learning_command
from graph.cli.systems import describe
from graph.datasets.demo import NODE_LISTS, load_demo

load_app = typer.Typer(no_args_is_help=True, help="Load the data sets hls-graph ships (idempotent), or a "
                       "learning document.")
load_app.command("learning")(load_learning_command)


@load_app.command("demo")
def load_demo_command(
    reset: Annotated[bool, typer.Option(
        "--reset", help="Delete the demo's nodes (and only those) and load them again: undoes edits.",
    )] = False,
) -> None:
    """The demo learning stack: Gateshead council-tax debt, healthy weight, and a peer place."""
    with open_graph(writes=True) as graph:
        counts = load_demo(graph, reset=reset)
    labels = set(NODE_LISTS.values())
    typer.echo("demo learning stack " + ("replaced" if reset else "loaded") + " (idempotent):")
    typer.echo("  nodes: " + ", ".join(f"{k} {v}" for k, v in counts.items() if k in labels))
    typer.echo("  relationships: " + ", ".join(
        f"{k} {v}" for k, v in counts.items() if k.isupper()))
    if reset:
        typer.echo(f"  reset: deleted {counts['reset_deleted']} demo nodes, then loaded them again; "
                   f"cut {counts['reset_cut_links']} links from demo nodes to other data")
    if counts["debt_system_written"]:
        typer.echo("  outcome system household-debt written")


@load_app.command("foresight")
def load_foresight_command(
    replace: Annotated[bool, typer.Option(help="Write the shipped map over an edited copy.")] = False,
) -> None:
    """The Foresight obesity map as system foresight-obesity (idempotent)."""
    from graph.datasets.foresight import SYSTEM_ID, load_foresight

    with open_graph(writes=True) as graph:
        counts = load_foresight(graph, replace=replace)
    if counts["written"]:
        typer.echo(f"{SYSTEM_ID}: loaded {describe(counts)}")
    elif counts["differs"]:
        typer.echo(f"{SYSTEM_ID}: kept the stored map, which was edited since it was loaded "
                   f"({describe(counts)}); --replace reloads the shipped one")
    else:
        typer.echo(f"{SYSTEM_ID}: already loaded, unchanged ({describe(counts)})")

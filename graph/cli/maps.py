"""``hls-graph map …``: the interactive maps written to self-contained HTML files (the same pages the
``/maps`` routes serve; open them from disk, offline, or attach them to an e-mail)::

    hls-graph map system foresight-obesity --out obesity.html --layout trophic
    hls-graph map system foresight-obesity --out loop.html --loop-through "Self esteem"
    hls-graph map stack gateshead-council --out stack.html
    hls-graph map learn-from-below gateshead-place --out learn.html --viewer-cycle gateshead-place
    hls-graph map enable-below gateshead-place --out enable.html
    hls-graph map factors hw-team --out acts-on.html
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graph import maps
from graph.analysis import stored
from graph.cli.common import open_graph
from graph.core.db import Graph
from viz.system_map import LAYOUTS

map_app = typer.Typer(no_args_is_help=True, help="Write interactive maps to self-contained HTML files.")

CAPS = stored.CAPS
Out = Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.", dir_okay=False)]
Depth = Annotated[int | None, typer.Option(min=1, help="FEEDS_INTO hops to follow down (default: all).")]
ViewerCycle = Annotated[str | None, typer.Option(
    help="The cycle the reader works in: restricted evidence shows only to its own cycle.")]
LayoutChoice = StrEnum("LayoutChoice", {name: name for name in LAYOUTS})
DirectionChoice = StrEnum("DirectionChoice", {name: name for name in ("upstream", "downstream", "both")})
Layout = Annotated[LayoutChoice, typer.Option(help="printed, trophic, force, or auto (printed when "
                                              "the map has positions).")]


def _write(out: Path, build: Callable[[Graph], str]) -> None:
    """Connect, build the page, write it; a refusal prints one line and exits 1."""
    with open_graph() as graph:
        html = build(graph)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    typer.echo(f"wrote {out} ({len(html.encode('utf-8')) // 1024} KB; opens offline in any browser)")


@map_app.command("system")
def system(
    system_id: str, out: Out, layout: Layout = LayoutChoice.auto,
    loop: Annotated[str | None, typer.Option(help="Highlight this loop: factors in order, comma-separated.")]
    = None,
    loop_through: Annotated[str | None, typer.Option(help="Highlight the first loop through this factor.")]
    = None,
    max_length: Annotated[int, typer.Option(min=1, max=CAPS["max_length"],
                                            help="Longest loop/path looked for.")] = 6,
    focus: Annotated[str | None, typer.Option(help="Highlight this factor's upstream/downstream.")] = None,
    direction: Annotated[DirectionChoice, typer.Option(help="With --focus.")] = DirectionChoice.both,
    steps: Annotated[int, typer.Option(min=1, max=CAPS["steps"], help="Links to follow (with --focus).")] = 2,
    source: Annotated[str | None, typer.Option("--from", help="Highlight the shortest paths from …")] = None,
    target: Annotated[str | None, typer.Option("--to", help="… to this factor.")] = None,
    cycle: Annotated[str | None, typer.Option(help="Highlight the factors this cycle and those below "
                                              "act on.")] = None,
    depth: Depth = None,
) -> None:
    """The map of an outcome system (factors by cluster, links by polarity, delays dashed)."""
    highlight = maps.SystemHighlight(
        loop=loop, loop_through=loop_through, max_length=max_length, focus=focus,
        direction=direction.value, steps=steps, source=source, target=target, cycle=cycle, depth=depth,
    )
    _write(out, lambda graph: maps.system_map_html(graph, system_id, layout=layout.value,
                                                   highlight=highlight))


@map_app.command("factors")
def factors(
    cycle_id: str, out: Out, layout: Layout = LayoutChoice.auto, depth: Depth = None,
    system_id: Annotated[str | None, typer.Option("--system", help="The system to draw (when several).")]
    = None,
) -> None:
    """The factors a cycle and the cycles below it act on, highlighted on their system's map."""
    def build(graph: Graph) -> str:
        target = maps.cycle_system_id(graph, cycle_id, system_id, depth)
        return maps.system_map_html(graph, target, layout=layout.value,
                                    highlight=maps.SystemHighlight(cycle=cycle_id, depth=depth))

    _write(out, build)


@map_app.command("stack")
def stack(cycle_id: str, out: Out) -> None:
    """The learning stack of a cycle: rows by scale, feeds-into and peer links, status colours."""
    _write(out, lambda graph: maps.stack_map_html(graph, cycle_id))


@map_app.command("learn-from-below")
def learn_from_below(
    cycle_id: str, out: Out, depth: Depth = None,
    min_cycles: Annotated[int, typer.Option(min=0, help="Patterns supported by at least this many "
                                            "lower cycles.")] = 1,
    include_peers: Annotated[bool, typer.Option(help="Also what same-scale peers learned.")] = False,
    viewer_cycle: ViewerCycle = None,
) -> None:
    """The provenance behind what a cycle can learn from below (restricted evidence withheld)."""
    _write(out, lambda graph: maps.learn_from_below_html(
        graph, cycle_id, depth=depth, min_cycles=min_cycles, include_peers=include_peers,
        viewer_cycle=viewer_cycle))


@map_app.command("enable-below")
def enable_below(cycle_id: str, out: Out, depth: Depth = None, viewer_cycle: ViewerCycle = None) -> None:
    """The barriers and enablers below a cycle, whom they affect, and who acts on them."""
    _write(out, lambda graph: maps.enable_below_html(graph, cycle_id, depth=depth, viewer_cycle=viewer_cycle))

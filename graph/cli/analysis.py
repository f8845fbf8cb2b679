"""``hls-graph analyse …``: the system analyses from the command line (tables, or ``--json``).

Each command reads the system from Neo4j (``NEO4J_URI``, or the local one, started if needed)
and prints what the matching API route answers::

    hls-graph analyse loops foresight-obesity --max-length 6 --through "Self esteem"
    hls-graph analyse centrality foresight-obesity --measure betweenness --top 5
    hls-graph analyse paths foresight-obesity 2 71 --json
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph.analysis import stored
from graph.analysis.centrality import MEASURES
from graph.cli.common import fail, open_graph
from graph.core.db import Graph

out = Console(highlight=False, soft_wrap=True)
analyse_app = typer.Typer(no_args_is_help=True, help="Analyse a system map: loops, centrality, paths…")

CAPS = stored.CAPS
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (the API's answer).")]
MaxLength = Annotated[int, typer.Option(min=1, max=CAPS["max_length"], help="Longest loop/path, in links.")]
Limit = Annotated[int, typer.Option(min=1, max=CAPS["limit"], help="Most results listed.")]
CountLimit = Annotated[int, typer.Option(min=1, max=CAPS["count_limit"],
                                         help="Stop counting after this many.")]
TimeBudget = Annotated[float, typer.Option(min=0.001, max=CAPS["time_budget"],
                                           help="Stop counting after this many seconds.")]
Steps = Annotated[int, typer.Option(min=1, max=CAPS["steps"], help="Links to follow.")]


def _answer(work: Callable[[Graph], dict[str, Any]], as_json: bool, show: Callable[[dict], None]) -> None:
    """Connect, run ``work``, print its answer; a refusal prints one line and exits 1."""
    with open_graph() as graph:
        result = work(graph)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        show(result)


def _names(factors: list[dict[str, Any]]) -> str:
    return " → ".join(f["name"] or f["id"] for f in factors)


def _bounds(result: dict[str, Any]) -> None:
    for note in result["notes"]:
        out.print(f"[dim]note:[/dim] {note}")


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)


@analyse_app.command("loops")
def loops(
    system: str, max_length: MaxLength = 6, limit: Limit = 20,
    through: Annotated[str | None, typer.Option(help="Only loops through this factor.")] = None,
    count_limit: CountLimit = 1_000_000, time_budget: TimeBudget = 20.0, as_json: AsJson = False,
) -> None:
    """Feedback loops with their polarity (reinforcing / balancing), shortest first."""
    def show(r: dict[str, Any]) -> None:
        t = r["totals"]
        out.print(f"{r['system']}: {t['total']} loops of up to {r['max_length']} links "
                  f"({t['reinforcing']} reinforcing, {t['balancing']} balancing, "
                  f"{t['undetermined']} undetermined)"
                  f"{' through ' + r['through']['name'] if r['through'] else ''}; "
                  f"{'complete' if r['complete'] else 'INCOMPLETE'}, {r['seconds']}s")
        _table("by length", ["length", "reinforcing", "balancing", "undetermined", "total"],
               [[b["length"], b["reinforcing"], b["balancing"], b["undetermined"], b["total"]]
                for b in r["by_length"]])
        _table("loops", ["#", "length", "polarity", "factors"],
               [[i, lp["length"], lp["polarity"], _names(lp["factors"])]
                for i, lp in enumerate(r["loops"], 1)])
        _bounds(r)

    _answer(lambda g: stored.system_loops(g, system, max_length, limit, through, count_limit, time_budget),
            as_json, show)


@analyse_app.command("centrality")
def centrality(
    system: str,
    measure: Annotated[str, typer.Option(help=f"One of: {', '.join(MEASURES)}.")] = "degree",
    top: Annotated[int, typer.Option(min=1, max=CAPS["top"], help="How many factors.")] = 10,
    factor: Annotated[str | None, typer.Option(help="Every measure of this one factor.")] = None,
    as_json: AsJson = False,
) -> None:
    """The factors highest by a measure (or one factor's measures and ranks)."""
    if measure not in MEASURES:
        raise fail(f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")

    def show(r: dict[str, Any]) -> None:
        if "factor" in r:
            f = r["factor"]
            _table(f"{f['name']} ({f['id']}), of {f['of']} factors", ["measure", "value", "rank"],
                   [[m, f["values"][m], f["ranks"][m]] for m in MEASURES])
            return
        _table(f"{r['system']}: top {len(r['factors'])} of {r['of']} by {measure} "
               f"(eigenvector via {r['eigenvector_method']})", ["rank", "factor", *MEASURES],
               [[row["rank"], row["name"], *(row[m] for m in MEASURES)] for row in r["factors"]])

    _answer(lambda g: stored.system_centrality(g, system, measure, top, factor), as_json, show)


def _neighbourhood(direction: str, system: str, factor: str, steps: int, as_json: bool) -> None:
    def show(r: dict[str, Any]) -> None:
        _table(f"{r['count']} factors {direction} of {r['factor']['name']} within {steps} links",
               ["distance", "polarity", "factor", "shortest paths", "one path"],
               [[f["distance"], f["polarity"], f["name"], f["shortest_paths"], " → ".join(f["path"])]
                for f in r["factors"]])

    _answer(lambda g: stored.system_neighbourhood(g, system, factor, direction, steps), as_json, show)


@analyse_app.command("upstream")
def upstream(system: str, factor: str, steps: Steps = 2, as_json: AsJson = False) -> None:
    """Factors that influence FACTOR, with the polarity of their influence."""
    _neighbourhood("upstream", system, factor, steps, as_json)


@analyse_app.command("downstream")
def downstream(system: str, factor: str, steps: Steps = 2, as_json: AsJson = False) -> None:
    """Factors FACTOR influences, with the polarity of its influence."""
    _neighbourhood("downstream", system, factor, steps, as_json)


@analyse_app.command("paths")
def paths(
    system: str, source: Annotated[str, typer.Argument(metavar="FROM")],
    target: Annotated[str, typer.Argument(metavar="TO")], max_length: MaxLength = 6, limit: Limit = 20,
    as_json: AsJson = False,
) -> None:
    """Shortest and all simple paths FROM → TO (up to --max-length links) with their polarity."""
    def show(r: dict[str, Any]) -> None:
        head = f"{r['from']['name']} → {r['to']['name']}"
        if not r["reachable"]:
            out.print(f"{head}: no path")
            return
        s, t = r["shortest"], r["totals"]
        out.print(f"{head}: shortest {s['length']} links ({s['count']} such paths); {t['total']} paths "
                  f"of up to {r['max_length']} links ({t['positive']} positive, {t['negative']} negative, "
                  f"{t['unknown']} unknown)")
        _table("paths", ["#", "length", "polarity", "factors"],
               [[i, p["length"], p["polarity"], _names(p["factors"])] for i, p in enumerate(r["paths"], 1)])
        _bounds(r)

    _answer(lambda g: stored.system_paths(g, system, source, target, max_length, limit), as_json, show)


@analyse_app.command("communities")
def communities(
    system: str, seed: Annotated[int, typer.Option(min=0, help="Louvain's random seed.")] = 42,
    resolution: Annotated[float, typer.Option(min=0.001, max=100,
                                              help="Above 1: smaller communities.")] = 1.0,
    as_json: AsJson = False,
) -> None:
    """Louvain communities next to the map's own clusters."""
    def show(r: dict[str, Any]) -> None:
        c = r["contingency"]
        _table(f"{r['system']}: {len(r['communities'])} communities × {len(c['clusters'])} clusters",
               ["community", *(str(x) for x in c["clusters"])],
               [[k, *row] for k, row in zip(c["communities"], c["counts"], strict=True)])
        out.print(", ".join(f"{k} {'n/a' if v is None else f'{v:.3f}'}" for k, v in r["scores"].items()))

    _answer(lambda g: stored.system_communities(g, system, seed, resolution), as_json, show)


@analyse_app.command("trophic")
def trophic(system: str, as_json: AsJson = False) -> None:
    """Trophic levels (position in the causal flow) by layer."""
    def show(r: dict[str, Any]) -> None:
        why = f" ({r['reason']})" if r["reason"] else ""
        out.print(f"{r['system']}: {r['method']} trophic levels{why}")
        _table("layers", ["layer", "factors"],
               [[layer["layer"], ", ".join(layer["factors"])] for layer in r["layers"]])

    _answer(lambda g: stored.system_trophic(g, system), as_json, show)


@analyse_app.command("cycle-factors")
def cycle_factors(
    cycle: str,
    depth: Annotated[int | None, typer.Option(min=1, max=CAPS["depth"],
                                              help="Hops down (default: all).")] = None,
    max_length: Annotated[int, typer.Option(min=1, max=12, help="Longest loop looked for.")] = 6,
    as_json: AsJson = False,
) -> None:
    """Factors the experiments of CYCLE and of the cycles below it act on, and their loops."""
    def show(r: dict[str, Any]) -> None:
        out.print(f"{r['cycle']['id']}: {r['factor_count']} factors acted on by "
                  f"{len(r['cycles'])} cycles (itself and below)")
        for s in r["systems"]:
            _table(s["id"], ["factor", "cycles", "experiments", "reinforcing", "balancing", "undetermined",
                             "complete"],
                   [[f["name"], ", ".join(f["cycles"]), ", ".join(f["experiments"]),
                     f["loops"]["totals"]["reinforcing"], f["loops"]["totals"]["balancing"],
                     f["loops"]["totals"]["undetermined"], f["loops"]["complete"]] for f in s["factors"]])

    _answer(lambda g: stored.cycle_factors(g, cycle, depth=depth, max_length=max_length), as_json, show)

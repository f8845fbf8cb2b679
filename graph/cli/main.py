"""The ``hls-graph`` command: a root Typer app that adds one app per command group.

Every group lives in its own module and defines its own Typer app; nothing registers itself by
being imported. Errors print one clear line and exit 1.
"""

from __future__ import annotations

import typer

from graph.cli.analysis import analyse_app
from graph.cli.backup import backup_command, restore_command
from graph.cli.db import db_app
from graph.cli.keys import keys_app
from graph.cli.learning import export_app
from graph.cli.load import load_app
from graph.cli.maps import map_app
from graph.cli.serve import serve
from graph.cli.systems import systems_app

app = typer.Typer(no_args_is_help=True, help="hls-graph: Human Learning Systems in Neo4j.")
app.add_typer(db_app, name="db")
app.add_typer(load_app, name="load")
app.add_typer(export_app, name="export")
app.add_typer(systems_app, name="systems")
app.add_typer(analyse_app, name="analyse")
app.add_typer(map_app, name="map")
app.add_typer(keys_app, name="keys")
app.command("serve")(serve)
app.command("backup")(backup_command)
app.command("restore")(restore_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

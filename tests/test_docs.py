"""The docs are complete: every route is in docs/api.md, every CLI command in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from app.main import create_app
from graph.cli.main import app as cli_app
from graph.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def documented_routes() -> set[tuple[str, str]]:
    """Pairs (METHOD, path) named in docs/api.md: `GET /a`, `GET/PATCH /a/{x}`, and `DELETE …`
    for the path named just before it in the same table row."""
    pairs: set[tuple[str, str]] = set()
    for row in (ROOT / "docs" / "api.md").read_text().splitlines():
        row_path = None
        for cell in re.findall(r"`([^`]+)`", row):
            match = re.fullmatch(r"([A-Z]+(?:/[A-Z]+)*) (/\S*|…)", cell)
            if not match:
                continue
            methods, path = match.groups()
            if path == "…":
                path = row_path
            row_path = path
            pairs.update((method, path) for method in methods.split("/") if path)
    return pairs


def test_every_route_is_documented() -> None:
    spec = create_app(Settings(_env_file=None)).openapi()
    routes = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    missing = sorted(routes - documented_routes())
    assert not missing, f"routes missing from docs/api.md: {missing}"


def test_docs_name_no_route_that_does_not_exist() -> None:
    spec = create_app(Settings(_env_file=None)).openapi()
    routes = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    stale = sorted(documented_routes() - routes)
    assert not stale, f"docs/api.md names routes that do not exist: {stale}"


def cli_commands_list() -> list[str]:
    root = typer.main.get_command(cli_app)
    names = []
    for group_name, group in root.commands.items():
        sub = getattr(group, "commands", None)
        if sub:
            names += [f"{group_name} {name}" for name in sub]
        else:
            names.append(group_name)
    return names


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [c for c in cli_commands_list() if f"hls-graph {c}" not in readme]
    assert not missing, f"CLI commands missing from README.md: {missing}"

"""The named Cypher queries of hls-graph: one ``<wing>/<name>.cypher`` file each, in this folder.

Queries are grouped by the wing that runs them — ``learning/``, ``systems/``, ``questions/``,
``demo/``, ``schema/`` and ``changes/`` (versions, history, trash) — and loaded by that path-like
name (``"learning/cycle_create"``), spelled out in full where it is used so a search for a file's
name finds its callers. The API, the CLI and the notebooks load them by name, so there is one copy
of each query. Parameters are always passed separately (``$name``); nothing is ever formatted into
the text.

>>> from queries import load, names
>>> "schema/health_counts" in names()
True
>>> load("schema/health_counts").startswith("//")
True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).parent
# A query name: one wing folder and a file stem, lower case; nothing that could leave the folder.
NAME = re.compile(r"[a-z]+/[a-z0-9_]+")


class UnknownQuery(KeyError):
    def __str__(self) -> str:
        return f"no query named {self.args[0]!r}; known: {', '.join(names())}"


def names() -> list[str]:
    """Every query name (``wing/name``), sorted."""
    return sorted(p.relative_to(QUERY_DIR).with_suffix("").as_posix() for p in QUERY_DIR.glob("*/*.cypher"))


@cache
def load(name: str) -> str:
    """The text of query ``name`` (the file ``queries/<wing>/<name>.cypher``)."""
    path = QUERY_DIR / f"{name}.cypher"
    if not NAME.fullmatch(name) or not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """A file of several statements (e.g. the schema), split on ``;`` at the end of a line."""
    parts = [part.strip() for part in load(name).split(";\n")]
    return [p.rstrip(";").strip() for p in parts if p and not _only_comments(p)]


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("//") for line in text.splitlines())

"""The ``%%cypher`` cell magic and ``%cypher`` line magic (``%load_ext graph.notebook``).

    %%cypher [--write] [--map] [--param NAME=VALUE ...] [--out VAR]
    MATCH (c:LearningCycle)-[:AT_SCALE]->(:Scale {id: $scale}) RETURN c.id, c.name

    %cypher --map MATCH p = (:LearningCycle)-[:FEEDS_INTO]->() RETURN p

- ``$name`` in the Cypher takes the notebook variable ``name`` (``--param name=value`` overrides);
- a read transaction unless ``--write``: a cell that writes without it is refused, nothing changes;
- the result is a DataFrame (an HTML table without pandas); ``--map`` draws the returned nodes and
  relationships as an inline offline map instead; ``--out VAR`` also keeps the table in ``VAR``;
- a Cypher error shows Neo4j's message with line and column (of the Cypher text), no traceback.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class, no_var_expand
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from graph.core.local_neo4j import LocalNeo4jError
from graph.notebook import helpers as notebook
from graph.notebook.helpers import cypher_parameters

USAGE = "usage: %%cypher [--write] [--map] [--param NAME=VALUE ...] [--out VAR]"
# One shell-like word: unquoted characters and quoted runs (so --param name='Team A' is one word).
WORD = re.compile(r"""(?:[^\s'"]+|'[^']*'|"[^"]*")+""")


@dataclass
class Options:
    write: bool = False
    draw_map: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    out: str | None = None


def parse_options(line: str) -> tuple[Options, str]:
    """Leading ``--options`` of a magic line, and the rest (the Cypher of the line form)."""
    options = Options()
    rest = line.strip()
    while rest.startswith("-"):
        word = WORD.match(rest)
        assert word is not None  # the text starts with "-", so one word matches
        flag, _, inline_value = word.group(0).partition("=")
        rest = rest[word.end():].lstrip()
        if flag in ("--write", "--map"):
            if inline_value:
                raise UsageError(f"{flag} takes no value\n{USAGE}")
            options.write |= flag == "--write"
            options.draw_map |= flag == "--map"
            continue
        if flag not in ("--param", "--out"):
            raise UsageError(f"unknown option {flag}\n{USAGE}")
        if not inline_value:
            value_word = WORD.match(rest)
            if value_word is None:
                raise UsageError(f"{flag} needs a value\n{USAGE}")
            inline_value, rest = value_word.group(0), rest[value_word.end():].lstrip()
        value = _unquote(inline_value)
        if flag == "--out":
            if not value.isidentifier():
                raise UsageError(f"--out needs a Python variable name, not {value!r}")
            options.out = value
        else:
            name, equals, raw = value.partition("=")
            if not equals or not name:
                raise UsageError(f"--param needs NAME=VALUE, not {value!r}")
            options.params[name] = _literal(raw)
    return options, rest


def _unquote(word: str) -> str:
    parts = shlex.split(word)
    return parts[0] if parts else ""


def _literal(raw: str) -> Any:
    """``--param`` values: a Python literal (42, 1.5, True, None, [..], '..') or else the text."""
    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw


def resolve_parameters(text: str, namespace: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A value for every ``$name`` in ``text``: ``--param`` first, then the notebook variable."""
    params: dict[str, Any] = {}
    missing = []
    for name in cypher_parameters(text):
        if name in given:
            params[name] = given[name]
        elif name in namespace:
            params[name] = namespace[name]
        else:
            missing.append(name)
    if missing:
        listed = ", ".join(f"${m}" for m in missing)
        raise UsageError(
            f"no value for {listed}: the Cypher uses it, and there is no notebook variable of that "
            f"name; define it (e.g. `{missing[0]} = ...`) or pass --param {missing[0]}=VALUE"
        )
    return params


def map_title(text: str, length: int = 90) -> str:
    """The map's title: the first line of the Cypher that is not a comment, shortened."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("//")]
    first = lines[0] if lines else "%%cypher"
    return first if len(first) <= length else first[: length - 1] + "…"


def cypher_error_message(exc: Neo4jError) -> str:
    """Neo4j's own message (it names line and column and points at the spot), with its code."""
    return f"Cypher error {exc.code}:\n{exc.message or exc}"


@magics_class
class CypherMagics(Magics):
    """``%%cypher`` and ``%cypher``: Cypher against the service's database from a notebook."""

    # no_var_expand: IPython would otherwise paste notebook values into the Cypher text for $name
    # (injection, and wrong for strings); here $name stays a query parameter.
    @line_magic("cypher")
    @no_var_expand
    def cypher_line(self, line: str) -> Any:
        options, text = parse_options(line)
        if not text:
            raise UsageError(f"%cypher needs a query after its options\n{USAGE}")
        return self._run(options, text)

    @cell_magic("cypher")
    @no_var_expand
    def cypher_cell(self, line: str, cell: str) -> Any:
        options, extra = parse_options(line)
        if extra:
            raise UsageError(f"unexpected {extra!r} on the %%cypher line (the query goes below it)\n{USAGE}")
        if not cell.strip():
            raise UsageError("the %%cypher cell has no query")
        return self._run(options, cell)

    def _run(self, options: Options, text: str) -> Any:
        params = resolve_parameters(text, self.shell.user_ns, options.params)
        try:
            result = notebook.run_cypher(text, params, write=options.write)
        except notebook.WriteRefused as exc:
            raise UsageError(f"{exc}. Add --write to the %%cypher line to run a query that writes.") from None
        except Neo4jError as exc:
            raise UsageError(cypher_error_message(exc)) from None
        except (ServiceUnavailable, SessionExpired, LocalNeo4jError) as exc:
            raise UsageError(f"cannot reach Neo4j: {exc}") from None
        shown = notebook.table(result)
        if options.out:
            self.shell.user_ns[options.out] = shown
        for note in result.notifications:
            print(f"Neo4j: {note}")
        if result.counters:
            print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(result.counters.items())))
        if not result.keys:
            return None  # nothing returned (a write without RETURN): the counts above say it all
        if options.draw_map:
            return notebook.draw(result, title=map_title(text))
        return shown

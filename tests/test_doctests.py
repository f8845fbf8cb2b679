"""Every docstring example in the packages runs (networkx style: the examples are documentation that
cannot go stale). Examples that need a running Neo4j are marked ``# doctest: +SKIP``."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def modules_with_examples() -> list[str]:
    found = []
    for package in ("graph", "queries", "viz", "app"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>>" in path.read_text(encoding="utf-8"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples_run(name: str) -> None:
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_examples_are_found() -> None:
    assert {"graph.analysis.loops", "graph.systems.snapshot", "queries"} <= set(modules_with_examples())

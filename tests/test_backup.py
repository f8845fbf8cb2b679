"""Backup and restore of the whole database (graph/core/backup.py, ``hls-graph backup|restore``):
a round trip gives back every node, relationship and property; a bad file or a non-empty database is
refused with what is wrong, and nothing is written."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import neo4j.time
import pytest
from typer.testing import CliRunner

from graph.cli.main import app as cli_app
from graph.core import backup
from graph.core.db import Graph
from graph.core.errors import Conflict
from graph.datasets.demo import load_demo
from tests.systems_support import cli_fixture  # noqa: F401  (the `cli` fixture)

ODD_VALUES = (
    "CREATE (:Probe {id: 'odd', when: date('2024-05-01'), at: datetime('2024-05-01T10:00:00Z'), "
    "took: duration('P1DT2H'), where: point({x: 1.5, y: 2.5}), tags: ['a', 'b'], n: 3, f: 0.5, "
    "ok: true, text: 'multi\\nline — ü'})-[:PROBES {weight: -1}]->(:Probe {id: 'other'})"
)


def snapshot(graph: Graph) -> dict[str, Any]:
    return graph.read("schema/graph_snapshot")[0]


@pytest.fixture
def loaded(clean_graph: Graph) -> Graph:
    load_demo(clean_graph)  # the demo stack, the Foresight map it works on, the debt map
    clean_graph.write_tx(lambda tx: tx.run(ODD_VALUES).consume())
    return clean_graph


@pytest.mark.parametrize("name", ["backup.jsonl", "backup.jsonl.gz"])
def test_backup_then_restore_into_an_emptied_database_gives_an_identical_snapshot(
    loaded: Graph, tmp_path: Path, name: str,
) -> None:
    before = snapshot(loaded)
    path = tmp_path / name
    written = backup.backup(loaded, path, "2026-01-01T00:00:00Z")
    assert written["nodes"] == len(before["nodes"]) > 300
    assert written["relationships"] == len(before["relationships"]) > 300
    loaded.write("schema/wipe_database")
    assert snapshot(loaded) == {"nodes": [], "relationships": []}
    restored = backup.restore(loaded, path)
    assert restored == written
    assert snapshot(loaded) == before
    odd = loaded.read_tx(lambda tx: tx.run("MATCH (p:Probe {id: 'odd'}) RETURN p").single()["p"])
    assert odd["when"] == neo4j.time.Date(2024, 5, 1) and odd["took"].days == 1
    assert loaded.read_tx(lambda tx: tx.run("MATCH (n:HlsRestoring) RETURN count(n) AS n").single()["n"]) == 0


def test_restore_refuses_a_database_that_holds_data_and_replace_swaps_it_whole(
    loaded: Graph, tmp_path: Path,
) -> None:
    path = tmp_path / "b.jsonl"
    backup.backup(loaded, path, "2026-01-01T00:00:00Z")
    before = snapshot(loaded)
    with pytest.raises(Conflict, match="holds .* nodes"):
        backup.restore(loaded, path)
    assert snapshot(loaded) == before
    loaded.write_tx(lambda tx: tx.run("CREATE (:Probe {id: 'added after the backup'})").consume())
    backup.restore(loaded, path, replace=True)
    assert snapshot(loaded) == before


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty"),
    ('{"format": "something-else"}\n', "line 1: not an hls-graph backup"),
    ('{"format": "hls-graph/backup", "version": 99}\n', "line 1: backup version 99"),
    ('{"format": "hls-graph/backup", "version": 1}\n{"node": {"id": "x", "labels": []}}\n',
     "line 2: a node needs an id and at least one label"),
    ('{"format": "hls-graph/backup", "version": 1}\n{"node": {"id": "x", "labels": ["A"]}}\n{oops\n',
     "line 3: not JSON"),
    ('{"format": "hls-graph/backup", "version": 1}\n{"rel": {"start": "x", "end": "y", "type": "T"}}\n',
     "names a node the file does not hold"),
    ('{"format": "hls-graph/backup", "version": 1, "counts": {"nodes": 2, "relationships": 0}}\n'
     '{"node": {"id": "x", "labels": ["A"]}}\n', "incomplete"),
])
def test_a_bad_backup_file_is_refused_naming_what_is_wrong_and_nothing_is_written(
    clean_graph: Graph, tmp_path: Path, content: str, message: str,
) -> None:
    before = snapshot(clean_graph)
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(clean_graph, path, replace=True)
    assert snapshot(clean_graph) == before


def test_a_backup_file_is_whole_or_absent(loaded: Graph, tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl.gz"
    backup.backup(loaded, path, "2026-01-01T00:00:00Z")
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "hls-graph/backup" and header["version"] == 1
    assert header["counts"]["nodes"] + header["counts"]["relationships"] == len(lines) - 1
    assert not list(tmp_path.glob("*.partial"))


def test_the_cli_backs_up_and_restores(loaded: Graph, tmp_path: Path, cli: CliRunner) -> None:
    before = snapshot(loaded)
    path = tmp_path / "all.jsonl"
    done = cli.invoke(cli_app, ["backup", str(path)])
    assert done.exit_code == 0, done.output
    assert f"backed up {len(before['nodes'])} nodes" in done.output
    refused = cli.invoke(cli_app, ["restore", str(path)])
    assert refused.exit_code == 1 and "--replace" in refused.output
    loaded.write("schema/wipe_database")
    done = cli.invoke(cli_app, ["restore", str(path)])
    assert done.exit_code == 0, done.output
    assert snapshot(loaded) == before
    broken = tmp_path / "broken.jsonl"
    broken.write_text("not json\n")
    refused = cli.invoke(cli_app, ["restore", str(broken), "--replace"])
    assert refused.exit_code == 1 and "line 1: not JSON" in refused.output
    assert snapshot(loaded) == before

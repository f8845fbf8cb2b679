"""The CLI finds the service's database from any directory (issue 16): the local Neo4j's data
folder defaults to one absolute place (the user data dir), not to a path relative to where the
command runs; and the advice for a taken port names only what every command has."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from graph.core import local_neo4j
from graph.core.settings import Settings, default_data_dir


def test_default_data_dir_is_the_same_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HLS_DATA_DIR", raising=False)
    seen = []
    for where in (tmp_path, Path("/")):
        monkeypatch.chdir(where)
        seen.append(Settings(_env_file=None).hls_data_dir)
    assert seen[0] == seen[1] == default_data_dir()
    assert seen[0].is_absolute() and seen[0].name == "neo4j"


def test_explicit_data_dir_still_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HLS_DATA_DIR", str(tmp_path / "mine"))
    assert Settings(_env_file=None).hls_data_dir == tmp_path / "mine"


def test_taken_port_advice_names_no_option_the_command_may_lack(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(local_neo4j.LocalNeo4jError) as refused:
            local_neo4j.start(tmp_path / "n", port=port)
    message = str(refused.value)
    assert "already taken" in message and "HLS_BOLT_PORT" in message
    assert "choose another with --port" not in message

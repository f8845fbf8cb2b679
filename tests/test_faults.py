"""Faults (issue 15): with Neo4j unreachable every request answers 503 with Retry-After at once
(no 13–16 s of driver retries), /health tells "starting" from "down", and SIGTERM or SIGINT to
``hls-graph serve`` stops the local Neo4j it started."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.core import local_neo4j
from graph.core.settings import Settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_neo4j() -> TestClient:
    port = free_port()  # nothing listens there
    with TestClient(create_app(Settings(neo4j_uri=f"bolt://127.0.0.1:{port}", _env_file=None))) as c:
        yield c


@pytest.mark.parametrize("path", ["/cycles", "/systems", "/scales", "/systems/x/loops", "/cycles/x"])
def test_requests_answer_503_with_retry_after_when_neo4j_is_unreachable(
    no_neo4j: TestClient, path: str
) -> None:
    response = no_neo4j.get(path)
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "neo4j_unavailable"
    assert int(response.headers["Retry-After"]) >= 1


def test_health_says_starting_before_neo4j_ever_answered_and_down_after(no_neo4j: TestClient) -> None:
    first = no_neo4j.get("/health")
    assert first.status_code == 503 and first.json()["status"] == "starting"
    assert "Retry-After" in first.headers
    no_neo4j.app.state.graph.ever_up = True  # as if Neo4j had answered once, then gone away
    assert no_neo4j.get("/health").json()["status"] == "down"


def test_health_is_ok_when_neo4j_answers(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"


def _health(port: int) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as response:
            return response.status
    except OSError:
        return None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_its_local_neo4j_on_sigterm_and_sigint(tmp_path: Path, signum: int) -> None:
    data, api_port, bolt_port = tmp_path / "neo4j", free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_AUTH")}
    env.update(HLS_DATA_DIR=str(data), HLS_BOLT_PORT=str(bolt_port), HLS_NEO4J_HEAP="512m")
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli.main", "serve", "--no-demo", "--port", str(api_port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    neo4j_pid = None
    try:
        deadline = time.monotonic() + 300
        while _health(api_port) != 200:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.5)
        neo4j_pid = json.loads((data / local_neo4j.PID_NAME).read_text())["pid"]
        assert local_neo4j._alive(neo4j_pid)
        proc.send_signal(signum)
        output, _ = proc.communicate(timeout=120)
        assert "local Neo4j stopped" in output, output
        assert not local_neo4j._alive(neo4j_pid)
        assert not local_neo4j.status(data).running
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        local_neo4j.stop(data)  # nothing to do when the test passed

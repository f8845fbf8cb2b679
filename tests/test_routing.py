"""The scale-out path (issue 17 item 5): the service unchanged through a ``neo4j://`` routing URI
(the scheme of a cluster or Aura) against the test's standalone Neo4j, and read-your-writes across
requests through the ``X-HLS-Bookmark`` header."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from graph.core.db import Graph
from graph.core.settings import Settings
from tests.auth_support import ADMIN_HEADERS

ROOT = Path(__file__).resolve().parent.parent


def routing_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"neo4j_uri": settings.bolt_uri.replace("bolt://", "neo4j://")})


@pytest.fixture
def routed(neo4j_settings: Settings, clean_graph: Graph) -> Iterator[TestClient]:
    with TestClient(create_app(routing_settings(neo4j_settings)), headers=ADMIN_HEADERS) as client:
        yield client


def test_writes_answer_a_bookmark_and_reads_accept_it_through_a_routing_uri(routed: TestClient) -> None:
    health = routed.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    created = routed.post("/cycles", json={"id": "r1", "name": "Routed", "scale": "person"})
    assert created.status_code == 201
    bookmark = created.headers["X-HLS-Bookmark"]
    assert bookmark
    read = routed.get("/cycles/r1", headers={"X-HLS-Bookmark": bookmark})
    assert read.status_code == 200 and read.json()["name"] == "Routed"
    assert "X-HLS-Bookmark" not in read.headers  # a read leaves nothing new to wait for
    changed = routed.patch("/cycles/r1", json={"name": "Again"}, headers={"X-HLS-Bookmark": bookmark})
    assert changed.headers["X-HLS-Bookmark"] != bookmark
    assert (
        routed.get("/cycles/r1", headers={"X-HLS-Bookmark": changed.headers["X-HLS-Bookmark"]}).json()["name"]
        == "Again"
    )


def test_a_bookmark_that_is_not_one_is_refused_by_name(routed: TestClient) -> None:
    answer = routed.get("/cycles", headers={"X-HLS-Bookmark": "not-a-bookmark"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid_bookmark"


def test_the_api_checks_pass_through_a_neo4j_routing_uri(
    neo4j_settings: Settings, clean_graph: Graph
) -> None:
    """The suite's API checks for cycles, bulk writes and the two questions, run again in a pytest of
    their own whose NEO4J_URI is the routing form of this Neo4j's address."""
    env = {**os.environ, "NEO4J_URI": routing_settings(neo4j_settings).bolt_uri, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_learning_cycles.py",
            "tests/test_questions_learn.py",
            "tests/test_bulk.py",
            "-k",
            "not cli and not size_limit",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout

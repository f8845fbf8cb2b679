"""Fixtures: one real Neo4j for the whole session (a throwaway local one, or NEO4J_URI).

Tests that need an empty database take ``clean_graph`` (or ``client``, which implies it): it wipes
every node and re-applies the schema and the default scales. Against NEO4J_URI that wipe is real,
so point the suite only at a database you can empty.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from graph.core import local_neo4j
from graph.core.db import Graph, apply_schema, connect
from graph.core.settings import Settings
from tests.auth_support import ADMIN_HEADERS, admin_key


class AdminClient(TestClient):
    """A TestClient that sends the admin key, and re-creates it once when a test emptied the
    database behind its back (questions_world.fresh_world and the like wipe the database)."""

    def request(self, method: str, url: object, *args: object, **kwargs: object):  # type: ignore[override]
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 401 and \
                self.headers.get("Authorization") == ADMIN_HEADERS["Authorization"]:
            admin_key(self.app.state.graph)
            response = super().request(method, url, *args, **kwargs)
        return response

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    data_dir = tmp_path_factory.mktemp("neo4j")
    port = free_port()
    local_neo4j.start(data_dir, port=port, heap="1g", page_cache="128m")
    try:
        yield Settings(
            neo4j_uri=f"bolt://127.0.0.1:{port}", hls_data_dir=data_dir, hls_bolt_port=port,
            _env_file=None,
        )
    finally:
        local_neo4j.stop(data_dir)


@pytest.fixture(scope="session")
def graph(neo4j_settings: Settings) -> Iterator[Graph]:
    g = connect(neo4j_settings)
    apply_schema(g)
    yield g
    g.close()


@pytest.fixture
def clean_graph(graph: Graph) -> Graph:
    graph.write("schema/wipe_database")
    apply_schema(graph)
    admin_key(graph)
    return graph


@pytest.fixture(scope="session")
def api(neo4j_settings: Settings) -> FastAPI:
    return create_app(neo4j_settings)


@pytest.fixture(scope="session")
def session_client(api: FastAPI) -> Iterator[TestClient]:
    with AdminClient(api, headers=ADMIN_HEADERS) as c:
        yield c


@pytest.fixture
def client(session_client: TestClient, clean_graph: Graph) -> TestClient:
    """An API client on an emptied database (schema and the five scales only)."""
    return session_client


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR

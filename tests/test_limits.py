"""Size limits (issue 15): bodies over their limit answer 413 before they are read whole, and the
scale order check is linear in the request."""

from __future__ import annotations

import asyncio
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.limits import BodySizeLimit
from app.main import create_app
from graph.core.db import Graph
from graph.core.errors import RuleBroken
from graph.core.settings import Settings
from graph.learning.scales import reorder_scales_tx

MB = 1024 * 1024


def test_a_60_mb_upload_is_refused_with_413_naming_the_limit(client: TestClient) -> None:
    big = b"x" * (60 * MB)
    response = client.post("/systems/import", params={"format": "json"}, files=[("files", ("s.json", big))])
    assert response.status_code == 413, response.text[:200]
    body = response.json()
    assert body["error"] == "body_too_large" and body["limit"] == 50 * MB
    assert "HLS_MAX_UPLOAD_BYTES" in body["message"]
    assert client.get("/systems").json()["total"] == 0


def test_a_json_body_over_its_limit_is_refused_and_nothing_is_written(client: TestClient) -> None:
    huge_name = {"id": "big", "name": "n" * (3 * MB), "scale": "team"}
    response = client.post("/cycles", json=huge_name)
    assert response.status_code == 413 and "HLS_MAX_JSON_BYTES" in response.json()["message"]
    many = client.put("/scales/order", json={"ids": ["team"] * 300_000})
    assert many.status_code == 413
    assert client.get("/cycles").json()["total"] == 0


def test_the_limits_are_settings(neo4j_settings: Settings) -> None:
    settings = neo4j_settings.model_copy(update={"hls_max_json_bytes": 100, "hls_max_upload_bytes": 1000})
    with TestClient(create_app(settings)) as small:
        assert small.post("/cycles", json={"id": "c", "name": "x" * 200, "scale": "team"}).status_code == 413
        upload = small.post("/systems/import", params={"format": "json"},
                            files=[("files", ("s.json", b"{" * 2000))])
        assert upload.status_code == 413 and upload.json()["limit"] == 1000


def _asgi_call(app: BodySizeLimit, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple:
    """Drive the middleware directly with a chunked body (no Content-Length)."""
    sent: list[dict] = []
    read: list[int] = []
    last = len(chunks) - 1
    queue = [{"type": "http.request", "body": c, "more_body": i < last} for i, c in enumerate(chunks)]

    async def receive() -> dict:
        read.append(1)
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/echo", "headers": headers, "query_string": b""}
    asyncio.run(app(scope, receive, send))
    return sent, len(read)


def test_a_chunked_body_is_cut_as_soon_as_it_passes_the_limit() -> None:
    inner = FastAPI()

    @inner.post("/echo")
    async def echo(payload: dict) -> dict:
        return {"size": len(json.dumps(payload))}

    limited = BodySizeLimit(inner, max_upload_bytes=10_000, max_json_bytes=1000)
    headers = [(b"content-type", b"application/json")]
    sent, reads = _asgi_call(limited, [b'{"a": "' + b"x" * 600, b"x" * 600, b"x" * 600 + b'"}'], headers)
    assert sent[0]["status"] == 413 and len(sent) == 2  # the app's own answer was dropped
    assert reads == 2  # the third chunk was never read
    ok, _ = _asgi_call(limited, [b'{"a": ', b'"small"}'], headers)
    assert ok[0]["status"] == 200


@pytest.mark.parametrize("n", [1000, 200_000])
def test_scale_order_check_counts_duplicates_once_each(graph: Graph, n: int) -> None:
    ids = ["team", "person"] * (n // 2)
    with pytest.raises(RuleBroken) as refused:
        graph.write_tx(lambda tx: reorder_scales_tx(tx, ids))
    assert refused.value.details["duplicates"] == ["person", "team"]


@pytest.mark.parametrize("path, allowed", [("/cycles", "GET, POST"), ("/cycles/c", "GET, PATCH, DELETE"),
                                           ("/health", "GET")])
def test_options_answers_405_with_every_allowed_method(client: TestClient, path: str, allowed: str) -> None:
    response = client.options(path)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()["error"] == "method_not_allowed"


def test_malformed_json_is_a_422_naming_the_body(client: TestClient) -> None:
    response = client.post("/cycles", content=b'{"id": ', headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"

"""``ETag`` on the GET of one entity: its version, as ``If-Match`` sends it back (issue 14).

Every entity answer carries ``version`` (``app.models.base.Versioned``); this middleware reads it
from a GET's JSON answer and sets ``ETag: "<version>"``, so no route has to. Only JSON answers of
GET/HEAD are looked at; lists (``items``) and everything else pass untouched.

A GET whose ``If-None-Match`` names that ETag (or ``*``) is answered ``304 Not Modified`` with the
ETag and no body: a client that keeps what it read re-checks it without downloading it again. The
check is made on the plain answer, before ``GZipMiddleware`` (which passes an empty 304 through).

>>> none_match('"3"', 3), none_match('W/"2", "3"', 3), none_match("*", 1), none_match('"2"', 3)
(True, True, True, False)
>>> none_match(None, 3)
False
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.changes import etag, parse_if_match


def version_in(body: bytes) -> int | None:
    """The top-level ``version`` of a JSON object answer (``None``: not one entity). An answer that
    names no ``version`` at all (a learn-from-below answer, an export: megabytes) is not parsed."""
    if b'"version"' not in body:
        return None
    try:
        data: Any = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, dict) and "items" not in data and isinstance(data.get("version"), int) \
            and not isinstance(data.get("version"), bool):
        return data["version"]
    return None


def none_match(header: str | None, version: int) -> bool:
    """Whether an ``If-None-Match`` header (a list of ETags, weak or strong, or ``*``) names
    ``version``: then the client's copy is current (weak comparison, as RFC 9110 asks for GET)."""
    if header is None:
        return False
    tags = [parse_if_match(tag) for tag in header.split(",")]
    return "*" in tags or str(version) in tags


def _if_none_match(scope: Scope) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"if-none-match":
            return value.decode("latin-1")
    return None


class ETagged:
    """Pure ASGI middleware (streams other answers as they come)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if headers.get(b"content-type", b"").startswith(b"application/json"):
                    start = message
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            version = version_in(body) if scope["method"] == "GET" else None
            if version is not None:
                tag = (b"etag", etag(version).encode())
                if start["status"] == 200 and none_match(_if_none_match(scope), version):
                    kept = [(k, v) for k, v in start.get("headers", [])
                            if k.lower() not in (b"content-length", b"content-type")]
                    await send({**start, "status": 304, "headers": [*kept, tag]})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
                start["headers"] = [*start.get("headers", []), tag]
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, sending)

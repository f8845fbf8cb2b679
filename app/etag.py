"""``ETag`` on the GET of one entity: its version, as ``If-Match`` sends it back (issue 14).

Every entity answer carries ``version`` (``app.models.base.Versioned``); this middleware reads it
from a GET's JSON answer and sets ``ETag: "<version>"``, so no route has to. Only JSON answers of
GET/HEAD are looked at; lists (``items``) and everything else pass untouched.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.changes import etag


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
                start["headers"] = [*start.get("headers", []), (b"etag", etag(version).encode())]
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, sending)

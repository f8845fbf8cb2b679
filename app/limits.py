"""Request size limits, enforced before a body is read whole: an ASGI middleware.

Why here and not in the routes: by the time a route sees an ``UploadFile`` or a parsed JSON body,
the whole body has been received (and spooled or parsed). The middleware refuses a body whose
``Content-Length`` is over the limit before reading any of it, and counts the bytes of a body sent
without one (chunked), answering 413 as soon as the count passes the limit.

Three limits (``graph.core.settings``): ``HLS_MAX_UPLOAD_BYTES`` for uploads (multipart, the import
routes), ``HLS_MAX_BULK_BYTES`` for the learning document of ``POST /bulk`` (the paths in
:data:`BULK_PATHS`), and ``HLS_MAX_JSON_BYTES`` for every other body (JSON): no other JSON body of
the API needs more than a few kilobytes, so a small cap also bounds every list and string in it.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The routes whose JSON body is a whole learning document.
BULK_PATHS = frozenset({"/bulk"})


class BodySizeLimit:
    """413 ``{"error": "body_too_large", ...}`` for a request body over its limit."""

    def __init__(
        self, app: ASGIApp, max_upload_bytes: int, max_json_bytes: int, max_bulk_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.max_json_bytes = max_json_bytes
        self.max_bulk_bytes = max_bulk_bytes if max_bulk_bytes is not None else max_json_bytes

    def _limit(self, scope: Scope) -> tuple[int, str]:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").decode("latin-1").lower()
        if content_type.startswith("multipart/"):
            return self.max_upload_bytes, "HLS_MAX_UPLOAD_BYTES"
        if scope.get("path") in BULK_PATHS:
            return self.max_bulk_bytes, "HLS_MAX_BULK_BYTES"
        return self.max_json_bytes, "HLS_MAX_JSON_BYTES"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit, setting)
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer now; the app sees the client gone and whatever it answers is dropped.
                    refused = True
                    await _too_large(send, limit, setting)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not refused:  # the app's own failure, not the refused body's consequence
                raise


async def _too_large(send: Send, limit: int, setting: str) -> None:
    body: dict[str, Any] = {
        "error": "body_too_large",
        "message": f"the request body is larger than the limit of {limit} bytes ({setting})",
        "limit": limit,
    }
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": payload})


def declare_body_limit(app: FastAPI) -> None:
    """Declare the 413 :class:`BodySizeLimit` answers on every operation that takes a body, so the
    OpenAPI contract lists every refusal a client can get (added to the generated schema: the
    middleware answers before any route, whatever router a route comes from); and declare every
    uploaded file as ``format: binary`` (:func:`declare_file_parts`)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema.get("paths", {}).values():
                for method, operation in operations.items():
                    if method in ("post", "put", "patch") and "requestBody" in operation:
                        operation["responses"].setdefault("413", TOO_LARGE)
            declare_file_parts(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def declare_file_parts(schema: dict[str, Any]) -> None:
    """Add ``format: binary`` to every file part of a form body. FastAPI writes an ``UploadFile`` in
    OpenAPI 3.1's way (``contentMediaType: application/octet-stream``), which the bundled Swagger
    UI draws as a text box (pasting a file there sends text, not a file); with ``format: binary``
    Swagger UI and ReDoc offer a file picker, and the 3.1 keyword stays for other clients."""
    for component in schema.get("components", {}).get("schemas", {}).values():
        for prop in component.get("properties", {}).values():
            for part in (prop, prop.get("items", {})):
                if part.get("type") == "string" and \
                        part.get("contentMediaType") == "application/octet-stream":
                    part.setdefault("format", "binary")


TOO_LARGE: dict[str, Any] = {
    "description": "the body is over HLS_MAX_JSON_BYTES (JSON), HLS_MAX_BULK_BYTES (POST /bulk) or "
    "HLS_MAX_UPLOAD_BYTES (upload)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}

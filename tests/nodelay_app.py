"""A tiny ASGI app for tests/test_serving.py: each answer says which worker process accepted the
connection and whether that connection has ``TCP_NODELAY``, read from the worker's own socket."""

from __future__ import annotations

import json
import os
import socket
from typing import Any


def connection_nodelay(client: tuple[str, int]) -> int | None:
    """TCP_NODELAY of this process's socket whose peer is ``client``; None when none is."""
    for fd in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=os.dup(int(fd)))
        except OSError:
            continue  # not a socket
        with sock:
            try:
                if sock.type == socket.SOCK_STREAM and sock.getpeername()[:2] == tuple(client):
                    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            except OSError:
                continue  # a listening or unconnected socket
    return None


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = json.dumps({"pid": os.getpid(), "nodelay": connection_nodelay(scope["client"])}).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})

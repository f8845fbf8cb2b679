"""Read-your-writes across requests and workers (and cluster members): the ``X-HLS-Bookmark`` header.

A response to a request that wrote carries ``X-HLS-Bookmark: <bookmark>[,<bookmark>...]`` (Neo4j's
bookmarks of the transactions it committed). A request that sends that header back is served after
those transactions, whichever worker or cluster member answers it (``graph.core.db.Causal``): a
client that wants to read its own writes on a cluster sends the last bookmark it got. Without the
header a request reads whatever the member it reaches has (on a single Neo4j: everything committed).
An ASGI middleware, so the request's :class:`~graph.core.db.Causal` is in the context the route's
thread copies.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.db import causally_after

HEADER = "X-HLS-Bookmark"
# A client sends back what it got: a few bookmarks of a few hundred characters each.
MAX_HEADER_CHARS = 8_192


class Bookmarks:
    """Reads ``X-HLS-Bookmark`` into the request's causal context; answers the written ones."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(HEADER.lower().encode(), b"")[:MAX_HEADER_CHARS]
        sent = [part.strip() for part in raw.decode("latin-1").split(",") if part.strip()]
        with causally_after(sent) as causal:

            async def answering(message: Message) -> None:
                if message["type"] == "http.response.start" and causal.written:
                    value = ",".join(causal.written).encode("latin-1")
                    message = {
                        **message,
                        "headers": [*message.get("headers", []), (HEADER.lower().encode(), value)],
                    }
                await send(message)

            await self.app(scope, receive, answering)

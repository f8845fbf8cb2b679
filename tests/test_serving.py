"""Several workers keep TCP_NODELAY (app/serving.py): uvicorn's own multi-worker socket is labelled
protocol 0, so asyncio left Nagle's algorithm on every connection (~40 ms a request)."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from app.serving import tcp_listening_socket


def nodelay_of_an_accepted_connection(listening: socket.socket) -> int:
    """TCP_NODELAY of a connection accepted by an asyncio server on ``listening``, as a worker's."""

    async def accept_one() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()
            server.close()

    return asyncio.run(accept_one())


def test_the_workers_socket_gives_connections_nodelay() -> None:
    config = uvicorn.Config("app.main:app", host="127.0.0.1", port=0, workers=2)
    listening = tcp_listening_socket(config)
    assert listening.proto == socket.IPPROTO_TCP
    assert nodelay_of_an_accepted_connection(listening) != 0


def test_uvicorns_own_socket_would_not() -> None:
    """The bug this works around is real: without the label, no TCP_NODELAY."""
    config = uvicorn.Config("app.main:app", host="127.0.0.1", port=0, workers=2)
    assert nodelay_of_an_accepted_connection(config.bind_socket()) == 0

"""Several workers keep TCP_NODELAY (app/serving.py): uvicorn before 0.55 labelled its multi-worker
socket protocol 0, so asyncio left Nagle's algorithm on every connection (~40 ms a request). What is
tested is ours: every worker's accepted connection has TCP_NODELAY, with whichever uvicorn is
installed; the relabelling is applied only to a socket that lacks the label."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import uvicorn

from app.serving import lacks_tcp_label, tcp_listening_socket
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


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


class UnlabelledConfig(uvicorn.Config):
    """A config binding its socket as uvicorn before 0.55 did: ``socket.socket(family)``, protocol 0."""

    def bind_socket(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        return sock


def test_a_socket_without_the_label_is_relabelled_and_its_connections_get_nodelay() -> None:
    config = UnlabelledConfig("app.main:app", host="127.0.0.1", port=0, workers=2)
    assert lacks_tcp_label(config.bind_socket())
    listening = tcp_listening_socket(config)
    assert listening.proto == socket.IPPROTO_TCP and not lacks_tcp_label(listening)
    assert nodelay_of_an_accepted_connection(listening) != 0


def test_a_socket_with_the_label_is_left_as_it_is() -> None:
    class LabelledConfig(uvicorn.Config):
        def bind_socket(self) -> socket.socket:
            self.bound = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            self.bound.bind((self.host, self.port))
            return self.bound

    config = LabelledConfig("app.main:app", host="127.0.0.1", port=0, workers=2)
    listening = tcp_listening_socket(config)
    assert listening is config.bound and not lacks_tcp_label(listening)
    assert nodelay_of_an_accepted_connection(listening) != 0


def test_every_workers_accepted_connection_has_nodelay() -> None:
    """Two real worker processes (``python -m app.serving``, as the benchmarks start them) with the
    installed uvicorn: each answer reads TCP_NODELAY off the worker's own accepted socket."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.serving", "tests.nodelay_app:app", "--port", str(port),
         "--workers", "2", "--no-access-log"], cwd=ROOT)
    seen: dict[int, set[int | None]] = {}
    try:
        deadline = time.monotonic() + 60
        while len(seen) < 2 and time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", "/")
                answer = json.loads(connection.getresponse().read())
            except OSError:
                time.sleep(0.1)  # the workers are still starting
                continue
            finally:
                connection.close()
            seen.setdefault(answer["pid"], set()).add(answer["nodelay"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(seen) == 2, f"only {len(seen)} worker answered"
    for pid, values in seen.items():
        assert None not in values, f"worker {pid} did not find its connection's socket"
        assert 0 not in values, f"worker {pid} accepted a connection without TCP_NODELAY"

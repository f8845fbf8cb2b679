"""Several uvicorn workers without Nagle's delay on every answer (issue 17: several workers).

``uvicorn.run(..., workers=N)`` before 0.55 bound its listening socket as
``socket.socket(family)`` — protocol 0 — and handed it to the workers; asyncio sets ``TCP_NODELAY``
on an accepted connection only when the socket says ``IPPROTO_TCP``, so with several workers every
connection kept Nagle's algorithm: an answer written in two pieces (headers, body) waited for the
client's delayed ACK, ~40 ms a request (measured: 1 client, 2 workers, cached answers 48 ms p50
against 3 ms with 1 worker).
:func:`run_workers` binds the same socket, re-labelled ``IPPROTO_TCP`` (it is a TCP socket), so
each worker's connections get ``TCP_NODELAY`` as a single worker's do; where uvicorn labels the
socket itself, nothing is changed.

    python -m app.serving app.main:app --port 8000 --workers 2    # what the benchmarks start
"""

from __future__ import annotations

import argparse
import socket
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess


def lacks_tcp_label(sock: socket.socket) -> bool:
    """Whether ``sock`` is a TCP socket that does not say so (uvicorn before 0.55 bound its
    multi-worker socket so): the upstream fault the relabelling works around, detected on the
    socket itself rather than assumed from a version number."""
    return sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP


def tcp_listening_socket(config: uvicorn.Config) -> socket.socket:
    """``config``'s listening socket, labelled ``IPPROTO_TCP`` when it is a TCP one that lacks the
    label (so asyncio sets ``TCP_NODELAY`` on every connection it accepts); a socket that has it
    (uvicorn 0.55 and later) is returned as it is."""
    sock = config.bind_socket()
    if not lacks_tcp_label(sock):
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def run_workers(app: str, host: str, port: int, workers: int, **options: Any) -> None:
    """``uvicorn.run(app, host=, port=, workers=, **options)`` for ``workers`` > 1, TCP_NODELAY kept."""
    config = uvicorn.Config(app, host=host, port=port, workers=workers, **options)
    Multiprocess(config, sockets=[tcp_listening_socket(config)]).run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="uvicorn with several workers, TCP_NODELAY kept")
    parser.add_argument("app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--no-access-log", action="store_true")
    args = parser.parse_args(argv)
    run_workers(args.app, args.host, args.port, args.workers, log_level=args.log_level,
                access_log=not args.no_access_log)


if __name__ == "__main__":
    main()

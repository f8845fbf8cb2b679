"""The FastAPI application: ``create_app()`` builds it; ``app`` is the one uvicorn serves.

The Neo4j driver is created once in the lifespan and closed on shutdown.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from app import answer_cache, bounded, errors, sessions
from app.answers import GZIP_LEVEL, GZIP_MIN_BYTES
from app.api.main import api_router
from app.auth import AnonymousUntilKnown
from app.bookmarks import Bookmarks
from app.deps import ensure_schema
from app.etag import ETagged
from app.explorer.docs import install_offline_docs
from app.limits import BodySizeLimit, declare_body_limit
from app.login import router as login_router
from graph.core.db import Graph, connect
from graph.core.settings import Settings, get_settings
from graph.systems.system import PROJECTIONS_KEPT, list_systems, read_analysis_graph

log = logging.getLogger("hls_graph")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        graph = connect(settings)
        app.state.graph = graph
        app.state.schema_applied = False
        if graph.reachable():
            ensure_schema(app)
            # Neo4j plans the analyses' system read once; a fresh database would make the first
            # analysis pay for it. No system has the empty id: nothing is read.
            graph.read("systems/analysis_graph", system_id="")
            threading.Thread(target=_read_ahead, args=(graph,), name="hls-read-ahead", daemon=True).start()
        else:
            # Still serve: /health answers 503 until Neo4j answers, then applies the schema.
            log.warning("Neo4j at %s unreachable at start-up; schema not applied yet", settings.bolt_uri)
        analyses = bounded.install(app, settings)
        await analyses.pool.start()  # no request pays for starting a worker (issue 15)
        await _warm_routes(app)
        try:
            yield
        finally:
            analyses.close()
            graph.close()

    app = FastAPI(
        title="hls-graph",
        summary="Human Learning Systems in Neo4j: learning cycles across system scales, "
        "what they learn from below, how they enable below, and the outcome systems they work on.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None, redoc_url=None,  # served offline below (no CDN)
        # A text part of a form (a file pasted into a text box) may be as large as an upload; the
        # whole body is capped at HLS_MAX_UPLOAD_BYTES by BodySizeLimit (Starlette's default: 1 MB).
        form_limits={"max_part_size": settings.hls_max_upload_bytes},
    )
    app.state.settings = settings
    errors.install(app)
    answer_cache.install(app, settings.hls_answer_cache_bytes)
    app.add_middleware(AnonymousUntilKnown)  # innermost: each request starts anonymous (app/auth.py)
    app.add_middleware(BodySizeLimit, max_upload_bytes=settings.hls_max_upload_bytes,
                       max_json_bytes=settings.hls_max_json_bytes, max_bulk_bytes=settings.hls_max_bulk_bytes)
    # ETag: "<version>" on the GET of one entity; added before GZip so it reads the plain answer.
    app.add_middleware(ETagged)
    # Big answers (a region's learn-from-below, a 2,000-factor map) shrink 8-10× (issue 17).
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(Bookmarks)  # added last: runs first, around the size limit and every route
    sessions.install(app)
    if settings.hls_cors_origins:  # closed unless configured: only these origins, no cookies (outermost)
        app.add_middleware(CORSMiddleware, allow_origins=settings.hls_cors_origins, allow_credentials=False,
                           allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "If-Match", "X-CSRF-Token",
                                          "X-HLS-Bookmark"],
                           expose_headers=["ETag", "Retry-After", "Location", "X-HLS-Bookmark"])
    app.include_router(api_router)
    app.include_router(login_router)
    declare_body_limit(app)
    install_offline_docs(app)
    return app


def _read_ahead(graph: Graph) -> None:
    """Read the biggest systems' analysis graphs once, after start-up and off the event loop: the
    first analysis or map of a big system then finds its graph kept (until the next write), instead
    of paying for a read of tens of thousands of rows (issue 15). Best effort: a failure here only
    means the first request reads for itself."""
    try:
        items = list_systems(graph, limit=100)["items"]
        biggest = sorted(items, key=lambda s: -(s.get("factors", 0) + s.get("links", 0)))
        for system in biggest[:PROJECTIONS_KEPT]:
            read_analysis_graph(graph, system["id"])
    except Exception as exc:  # noqa: BLE001 - a warm-up, never a reason to fail
        log.info("reading systems ahead at start-up stopped: %s", exc)


async def _warm_routes(app: FastAPI) -> None:
    """FastAPI builds a route's matching state (its dependencies, parameter models) the first time a
    request walks past it: the first request to a path late in the table paid for ~120 routes (0.7 s,
    several seconds on a loaded machine; issue 15). A request that matches no route, sent straight
    to the router at start-up, walks past them all; it answers 404 to nobody."""
    scope = {"type": "http", "method": "GET", "path": "/-warm-up-", "raw_path": b"/-warm-up-",
             "root_path": "", "query_string": b"", "headers": [], "http_version": "1.1",
             "scheme": "http", "server": ("127.0.0.1", 0), "client": ("127.0.0.1", 0)}

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_: object) -> None:
        return None

    await app.router(scope, receive, send)


def __getattr__(name: str) -> FastAPI:
    # `uvicorn app.main:app` gets an app built from the environment, on first use only.
    if name == "app":
        return create_app()
    raise AttributeError(name)

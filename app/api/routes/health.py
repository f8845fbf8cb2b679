"""``GET /health``: is Neo4j reachable, which version, and how many nodes of each label.

``status`` is ``ok``; ``starting`` while Neo4j has not answered since the service started (it is
still coming up, or was never there); ``down`` when it answered before and does not now.
"""

from __future__ import annotations

import os
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, Field

from app.deps import GraphDep, ensure_schema
from graph.core.db import Graph
from graph.core.health import server_health

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    reachable: bool
    version: str | None = None
    edition: str | None = None
    error: str | None = None


class Health(BaseModel):
    status: Literal["ok", "starting", "down"] = Field(
        description="starting: Neo4j has not answered since the service started; down: it did, "
        "and does not now")
    neo4j: Neo4jHealth
    counts: dict[str, int]
    worker: int = Field(default_factory=os.getpid,
                        description="process id of the API worker that answered (hls-graph serve --workers)")


def _unavailable(graph: Graph, error: str) -> JSONResponse:
    status = "down" if graph.ever_up else "starting"
    body = Health(status=status, neo4j=Neo4jHealth(reachable=False, error=error), counts={})
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "2"})


@router.get(
    "/health", response_model=Health,
    responses={503: {"model": Health, "description": "Neo4j is not reachable"}},
)
def health(graph: GraphDep, request: Request) -> Health | JSONResponse:
    """200 when Neo4j answers; 503 (same shape, ``reachable: false``) when it does not."""
    if not graph.up():
        return _unavailable(graph, f"no answer from Neo4j at {request.app.state.settings.bolt_uri}")
    try:
        ensure_schema(request.app)  # Neo4j may have come up after the service did
        server = server_health(graph)
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
        graph.mark_down()
        return _unavailable(graph, str(exc))
    counts = server.pop("counts")
    return Health(status="ok", neo4j=Neo4jHealth(reachable=True, **server), counts=counts)

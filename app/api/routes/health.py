"""``GET /health``: is Neo4j reachable, which version, and how many nodes of each label."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel

from app.deps import GraphDep, ensure_schema
from graph.core.health import server_health

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    reachable: bool
    version: str | None = None
    edition: str | None = None
    error: str | None = None


class Health(BaseModel):
    status: str
    neo4j: Neo4jHealth
    counts: dict[str, int]


def _unavailable(error: str) -> JSONResponse:
    body = Health(status="unavailable", neo4j=Neo4jHealth(reachable=False, error=error), counts={})
    return JSONResponse(body.model_dump(), status_code=503)


@router.get(
    "/health", response_model=Health,
    responses={503: {"model": Health, "description": "Neo4j is not reachable"}},
)
def health(graph: GraphDep, request: Request) -> Health | JSONResponse:
    """200 when Neo4j answers; 503 (same shape, ``reachable: false``) when it does not."""
    if not graph.reachable():
        return _unavailable(f"no answer from Neo4j at {request.app.state.settings.bolt_uri}")
    try:
        ensure_schema(request.app)  # Neo4j may have come up after the service did
        server = server_health(graph)
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
        return _unavailable(str(exc))
    counts = server.pop("counts")
    return Health(status="ok", neo4j=Neo4jHealth(reachable=True, **server), counts=counts)

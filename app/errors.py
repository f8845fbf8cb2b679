"""How the API answers errors: JSON that names the rule broken and the ids involved.

Every refusal looks like ``{"error": "<code>", "message": "...", ...details}`` — a request that
does not fit the schema too: ``error: "invalid_request"``, and ``detail`` lists each field refused
(``loc``, ``msg``, ``type``), as FastAPI would have answered it.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.explorer.pages import error_page, is_page_request
from graph.analysis.workers import ClientGone
from graph.core.errors import AppError, Conflict, Forbidden, NotFound, RuleBroken, Unauthorized

__all__ = ["AppError", "Conflict", "Forbidden", "NotFound", "RuleBroken", "Unauthorized", "install"]

log = logging.getLogger("hls_graph")


class InvalidField(BaseModel):
    """One field a request was refused for, as pydantic reports it."""

    model_config = ConfigDict(extra="allow")
    loc: list[str | int] = Field(description="where: body/query/path, then the field (and index)")
    msg: str
    type: str


class ErrorBody(BaseModel):
    """The shape of every refusal: a stable code, a message naming what is wrong, and the ids and
    rule involved as further fields."""

    model_config = ConfigDict(extra="allow")
    error: str
    message: str
    detail: list[InvalidField] | None = Field(
        None, description="with error invalid_request: each field the request was refused for",
    )


# 422 in one shape: the request broke the schema (invalid_request) or a domain rule (rule_broken).
# Declaring it replaces FastAPI's default HTTPValidationError in the OpenAPI contract.
INVALID_RESPONSE: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "invalid_request (with detail) or rule_broken (with rule)"},
}
# Declared on every domain route so the OpenAPI contract lists the refusals clients must handle.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "no key where one is needed (no_key), or a key that does "
          "not hold (unknown_key, key_expired, key_revoked)"},
    403: {"model": ErrorBody, "description": "forbidden: the caller's role or participations do not "
          "cover this (the message names what is missing)"},
    404: {"model": ErrorBody, "description": "an id in the path or query does not exist"},
    409: {"model": ErrorBody, "description": "a conflict: duplicate id, or still in use"},
    **INVALID_RESPONSE,
    503: {"model": ErrorBody, "description": "Neo4j is not reachable (or an analysis was over its "
          "budget or every analysis worker was busy); Retry-After says when to try again"},
}
# Declared on the analysis routes: the per-client limit on concurrent analyses.
BUSY_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "this client runs its share of analyses already; "
          "Retry-After says when to try again"},
}

# The map routes answer browsers (Accept: text/html) with an HTML page naming the refusal, and every
# other client with the JSON shape: their error responses declare both. (With ``model``, FastAPI
# would publish the JSON schema under the route's own text/html only.)
PAGE_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": response["description"], "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}},
        "text/html": {"schema": {"type": "string"}},
    }}
    for code, response in ERROR_RESPONSES.items()
}


def invalid_request(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The 422 body of a request that does not fit the schema: a message naming the first fields
    refused, and every error in ``detail``."""
    where = [".".join(str(part) for part in e.get("loc", ())) for e in errors[:3]]
    named = "; ".join(f"{at}: {e.get('msg')}" for at, e in zip(where, errors, strict=False))
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return {"error": "invalid_request", "message": f"invalid request: {named}{more}", "detail": errors}


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as their names: they are not JSON, and a 422 that echoes
    such an input must still be writable."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


ECHO_CAP = 200  # characters of a refused text, items of a refused list, echoed in ``detail``


def short_input(error: dict[str, Any]) -> dict[str, Any]:
    """The error with its ``input`` cut short: a field refused for its length must not come back
    whole (a 2 MB name would make a 2 MB refusal)."""
    value = error.get("input")
    if isinstance(value, str) and len(value) > ECHO_CAP:
        return {**error, "input": value[:ECHO_CAP] + f"… ({len(value)} characters)"}
    if isinstance(value, list | dict) and len(value) > 20:
        return {**error, "input": f"({type(value).__name__} of {len(value)} items)"}
    return error


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_page_request(request):  # pages answer people: HTML naming the parameter
            return error_page(422, "; ".join(
                f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg')}"
                for e in exc.errors()))
        # FastAPI's own list in ``detail`` (a NaN/Infinity sent in the body echoed as text), inside
        # the one refusal shape.
        errors = [short_input(error) for error in exc.errors()]
        return JSONResponse(invalid_request(json_safe(jsonable_encoder(errors))), status_code=422)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        # A refusal that will pass (busy, over budget, Neo4j down) says when to try again.
        retry = exc.details.get("retry_after")
        headers = {"Retry-After": str(retry)} if retry is not None else None
        if exc.status == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        if is_page_request(request):
            return error_page(exc.status, exc.message, exc.details)
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code != 405:
            return await http_exception_handler(request, exc)
        # Starlette names only the methods of the first route that matched the path; a path with
        # GET and POST routes must answer Allow: GET, POST (RFC 9110 §15.5.6).
        allowed = [method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                   if any(route.matches({**request.scope, "method": method})[0] == Match.FULL
                          for route in request.app.router.routes)]
        return JSONResponse({"error": "method_not_allowed", "message":
                             f"{request.method} is not allowed here; allowed: {', '.join(allowed)}",
                             "allowed": allowed},
                            status_code=405, headers={"Allow": ", ".join(allowed)})

    @app.exception_handler(ClientGone)
    async def _gone(_: Request, exc: ClientGone) -> Response:
        return Response(status_code=499)  # nobody reads it: the client closed the connection

    @app.exception_handler(ConstraintError)
    async def _constraint(_: Request, exc: ConstraintError) -> JSONResponse:
        # A uniqueness constraint caught a duplicate the route did not check for itself.
        return JSONResponse(
            {"error": "duplicate_id", "message": exc.message or str(exc)}, status_code=409
        )

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.warning("Neo4j unavailable: %s", exc)
        graph = getattr(request.app.state, "graph", None)
        if graph is not None:
            graph.mark_down()  # the next requests answer at once, until Neo4j answers again
        return JSONResponse(
            {"error": "neo4j_unavailable", "message": f"Neo4j is not reachable: {exc}", "retry_after": 2},
            status_code=503, headers={"Retry-After": "2"},
        )

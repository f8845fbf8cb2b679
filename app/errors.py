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
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired
from pydantic import BaseModel, ConfigDict, Field

from app.explorer.pages import error_page, is_page_request
from graph.core.errors import AppError, Conflict, NotFound, RuleBroken

__all__ = ["AppError", "Conflict", "NotFound", "RuleBroken", "install"]

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
    404: {"model": ErrorBody, "description": "an id in the path or query does not exist"},
    409: {"model": ErrorBody, "description": "a conflict: duplicate id, or still in use"},
    **INVALID_RESPONSE,
    503: {"model": ErrorBody, "description": "Neo4j is not reachable"},
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


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_page_request(request):  # pages answer people: HTML naming the parameter
            return error_page(422, "; ".join(
                f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'input'}: {e.get('msg')}"
                for e in exc.errors()))
        # FastAPI's own list in ``detail`` (a NaN/Infinity sent in the body echoed as text), inside
        # the one refusal shape.
        return JSONResponse(invalid_request(json_safe(jsonable_encoder(exc.errors()))), status_code=422)

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        if is_page_request(request):
            return error_page(exc.status, exc.message, exc.details)
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(ConstraintError)
    async def _constraint(_: Request, exc: ConstraintError) -> JSONResponse:
        # A uniqueness constraint caught a duplicate the route did not check for itself.
        return JSONResponse(
            {"error": "duplicate_id", "message": exc.message or str(exc)}, status_code=409
        )

    @app.exception_handler(ServiceUnavailable)
    @app.exception_handler(SessionExpired)
    async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
        log.warning("Neo4j unavailable: %s", exc)
        return JSONResponse(
            {"error": "neo4j_unavailable", "message": f"Neo4j is not reachable: {exc}"},
            status_code=503,
        )

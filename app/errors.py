"""Errors the API answers with: JSON that names the rule broken and the ids involved.

Every refusal looks like ``{"error": "<code>", "message": "...", ...details}``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired

log = logging.getLogger("hls_graph")


class AppError(Exception):
    """A refusal with an HTTP status, a stable code and the details that explain it."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.details}


class NotFound(AppError):
    def __init__(self, kind: str, id: str, **details: Any) -> None:
        super().__init__(404, "not_found", f"no {kind} with id {id!r}", kind=kind, id=id, **details)


class Conflict(AppError):
    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(409, code, message, **details)


class RuleBroken(AppError):
    """A domain rule refused the change (422): ``rule`` says which."""

    def __init__(self, rule: str, message: str, **details: Any) -> None:
        super().__init__(422, "rule_broken", message, rule=rule, **details)


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, exc: AppError) -> JSONResponse:
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

"""Dependencies the routes declare with ``Annotated``: the graph and the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from neo4j.exceptions import ConstraintError, TransientError

from graph.core.db import Graph, apply_schema
from graph.core.settings import Settings


# ``async`` on purpose, though they only read app.state: FastAPI runs a plain ``def`` dependency in
# the thread pool, one hop there and back per dependency per request (~0.5 ms each, issue 17).
async def get_graph(request: Request) -> Graph:
    return request.app.state.graph


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


GraphDep = Annotated[Graph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def ensure_schema(app: FastAPI) -> None:
    """Apply constraints, indexes and the default scales once per process. Several workers starting
    at once (``serve --workers``) may race to create the same scale or constraint: the loser finds
    it made by the winner, so it applies the (idempotent) schema once more."""
    if not app.state.schema_applied:
        try:
            apply_schema(app.state.graph)
        except (ConstraintError, TransientError):
            apply_schema(app.state.graph)
        app.state.schema_applied = True

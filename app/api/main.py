"""All routers of the API, one module per area under ``app/api/routes``."""

from fastapi import APIRouter, Depends

from app.api.routes import (
    actors,
    bulk,
    conditions,
    cycles,
    decisions,
    evidence,
    experiments,
    health,
    history,
    patterns,
    scales,
    sessions,
    shares,
)
from app.api.routes import analysis as analysis_routes
from app.api.routes import maps as map_routes
from app.api.routes import questions as question_routes
from app.api.routes import systems as system_routes
from app.auth import resolve_caller
from app.errors import ERROR_RESPONSES
from app.explorer import assets as explorer_assets
from app.explorer import router as explorer_router

api_router = APIRouter()
# Who calls is resolved once per request (app.auth); /health stays open to every caller.
CALLER = [Depends(resolve_caller)]
api_router.include_router(health.router)
# The domain areas, in this order (FastAPI matches routes in the order they are added).
for area in (
    scales, bulk, cycles, actors, experiments, evidence, patterns, sessions, decisions, conditions,
    question_routes, analysis_routes, map_routes, system_routes, history, shares,
):
    api_router.include_router(area.router, responses=ERROR_RESPONSES, dependencies=CALLER)
# The web explorer at / and /explore (HTML; not in the API schema).
api_router.include_router(explorer_router, dependencies=CALLER)
api_router.include_router(explorer_assets)  # its script and stylesheet: open to every caller

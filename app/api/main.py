"""All routers of the API, one module per area under ``app/api/routes``."""

from fastapi import APIRouter

from app.api.routes import (
    actors,
    conditions,
    cycles,
    decisions,
    evidence,
    experiments,
    health,
    patterns,
    scales,
    sessions,
)
from app.api.routes import analysis as analysis_routes
from app.api.routes import maps as map_routes
from app.api.routes import questions as question_routes
from app.api.routes import systems as system_routes
from app.errors import ERROR_RESPONSES

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(scales.router, responses=ERROR_RESPONSES)
api_router.include_router(cycles.router, responses=ERROR_RESPONSES)
api_router.include_router(actors.router, responses=ERROR_RESPONSES)
api_router.include_router(experiments.router, responses=ERROR_RESPONSES)
api_router.include_router(evidence.router, responses=ERROR_RESPONSES)
api_router.include_router(patterns.router, responses=ERROR_RESPONSES)
api_router.include_router(sessions.router, responses=ERROR_RESPONSES)
api_router.include_router(decisions.router, responses=ERROR_RESPONSES)
api_router.include_router(conditions.router, responses=ERROR_RESPONSES)
api_router.include_router(question_routes.router, responses=ERROR_RESPONSES)
api_router.include_router(analysis_routes.router, responses=ERROR_RESPONSES)
api_router.include_router(map_routes.router, responses=ERROR_RESPONSES)
api_router.include_router(system_routes.router, responses=ERROR_RESPONSES)

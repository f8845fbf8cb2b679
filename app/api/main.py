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

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(scales.router)
api_router.include_router(cycles.router)
api_router.include_router(actors.router)
api_router.include_router(experiments.router)
api_router.include_router(evidence.router)
api_router.include_router(patterns.router)
api_router.include_router(sessions.router)
api_router.include_router(decisions.router)
api_router.include_router(conditions.router)
api_router.include_router(question_routes.router)
api_router.include_router(analysis_routes.router)
api_router.include_router(map_routes.router)
api_router.include_router(system_routes.router)

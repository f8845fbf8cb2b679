"""All routers of the API, one module per area under ``app/api/routes``."""

from fastapi import APIRouter

from app.api.routes import health

api_router = APIRouter()
api_router.include_router(health.router)

"""The explorer: the analyst's front door at ``/`` (see :mod:`app.explorer.routes`)."""

from app.explorer.routes import router

__all__ = ["router"]

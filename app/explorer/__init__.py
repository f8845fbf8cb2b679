"""The explorer: the analyst's front door at ``/`` (see :mod:`app.explorer.routes`)."""

from app.explorer.routes import assets, router

__all__ = ["assets", "router"]

"""How the explorer renders: one Jinja2 environment (autoescape on: database text is always text),
the pages' Content-Security-Policy, and error pages for people.

The explorer's pages load their script and stylesheet from this service (``/explore/assets/``) and
ask it for data (``/explore/api/…``, the JSON API); they embed the ``/maps`` pages in frames. The
policy allows exactly that: nothing from any other host, no inline script, no eval.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph.core.acting import current

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ASSETS = {"explorer.js": "text/javascript; charset=utf-8", "explorer.css": "text/css; charset=utf-8"}

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
# ``same-origin``, not ``no-referrer``: with no-referrer a browser sends ``Origin: null`` on the
# pages' own POSTs (the logout form), which the CSRF check (app.sessions) must refuse.
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin"}
ERROR_TITLES = {401: "Please log in", 403: "Not allowed", 404: "Not found", 409: "Conflict",
                422: "Cannot show this", 503: "The database is not reachable"}
# The CSRF token of this request's browser session (set by app.sessions), for the page's meta tag.
page_csrf: ContextVar[str | None] = ContextVar("hls_page_csrf", default=None)


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def render_page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page, with who is acting in its frame (name, role, the logout form and its CSRF token)."""
    caller = current()
    context.setdefault("caller", None if caller.anonymous or caller.via == "local" else caller)
    context.setdefault("csrf", page_csrf.get())
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def is_page_request(request: Request) -> bool:
    """Errors of this request should be an HTML page: the explorer's pages always, the ``/maps``
    pages when a browser asks for HTML (clients that accept JSON keep their JSON answers)."""
    path = request.url.path
    if path in ("/", "/login", "/logout"):
        return True
    if path.startswith("/explore/") and not path.startswith("/explore/api/"):
        return True
    return path.startswith("/maps/") and "text/html" in request.headers.get("accept", "")


def error_page(status: int, message: str, details: dict[str, Any] | None = None) -> HTMLResponse:
    """The error as a page: what went wrong in words, the suggestions ("did you mean"), the details."""
    details = dict(details or {})
    suggestions = details.pop("did_you_mean", None) or []
    rows = [(key, value) for key, value in details.items() if value not in (None, "", [], {})]
    return render_page("error.html", status=status, title=ERROR_TITLES.get(status, "Something went wrong"),
                       code=status, message=message, suggestions=suggestions, rows=rows)

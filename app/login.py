"""``/login`` and ``/logout``: a browser becomes an identity by a key, or by the one-time link
``hls-graph serve`` prints (issue 13). Pages for people, not part of the API contract.

- ``GET /login``: the form; with ``?token=…`` (the printed link) it spends the link, sets the session
  cookie and redirects to ``/``, so the token leaves the address bar and the history entry;
- ``POST /login`` (form field ``key``): checks the key, sets the cookie, redirects to ``/``. Only
  from the service's own pages (``Origin``/``Referer``: no login CSRF);
- ``POST /logout``: ends the session (CSRF-checked: the form sends the token as ``csrf_token``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.auth import resolve_caller
from app.explorer.pages import render_page
from app.sessions import (
    check_csrf,
    check_origin,
    end_session,
    read_session,
    signing_secret,
    start_session,
)
from graph.core.acting import ANONYMOUS_ROLE, Caller
from graph.core.errors import Unauthorized
from graph.learning import keys, login_links

router = APIRouter(include_in_schema=False)


@router.get("/login")
async def login_page(request: Request, token: str | None = None) -> Response:
    """The login form, or (``?token=``) the printed one-time link spent and the browser logged in."""
    if token is None:
        return render_page("login.html", page="login", caller=await _maybe_caller(request))
    graph = request.app.state.graph
    key_id = await run_in_threadpool(login_links.use_login_token, graph, signing_secret(request.app), token)
    await run_in_threadpool(keys.caller_for_id, graph, key_id, "session")  # the key must still hold
    response = RedirectResponse("/", status_code=303)
    start_session(request, response, key_id)
    return response


@router.post("/login")
async def login(request: Request, key: Annotated[str, Form(max_length=200)]) -> Response:
    """Log in with a key: the cookie names the key's id; the key itself is not kept."""
    check_origin(request)
    try:
        caller = await run_in_threadpool(keys.caller_for, request.app.state.graph, key.strip())
    except Unauthorized as refused:
        return render_page("login.html", status=401, page="login", caller=None, message=refused.message)
    response = RedirectResponse("/", status_code=303)
    start_session(request, response, str(caller.key_id))
    return response


@router.post("/logout")
async def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    """End the browser session (its cookie); the key stays valid."""
    session = read_session(request)
    if session is not None:
        check_csrf(request, session, csrf_token or request.headers.get("X-CSRF-Token"))
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response)
    return response


async def _maybe_caller(request: Request) -> Caller | None:
    """Who is logged in, for the form's note; nobody when the session no longer holds."""
    try:
        caller = await resolve_caller(request, None)
    except Unauthorized:
        return None
    return None if caller.role == ANONYMOUS_ROLE else caller


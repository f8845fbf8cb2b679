"""Browser sessions, CSRF and share links: who a browser is, when it sends no key (issue 13).

- **Session cookie** ``hls_session``: signed with the service's secret
  (:mod:`graph.learning.signing`), ``HttpOnly``, ``SameSite=Lax``, ``Secure`` over https. It carries
  the id of the key that logged in (never the secret) and a per-session CSRF token; it holds only
  while that key does (a revoked or expired key ends its sessions: 401 naming why), and for
  :data:`SESSION_SECONDS` at most.
- **CSRF**: a state-changing request (POST, PUT, PATCH, DELETE) authenticated by the cookie must come
  from the service's own origin (``Origin``, or ``Referer`` without it: 403 ``csrf_origin``) and
  carry the session's token in ``X-CSRF-Token`` (403 ``csrf_token``). Requests with
  ``Authorization: Bearer`` never look at the cookie, so they are exempt (no browser sends a key by
  itself).
- **Share links**: ``?share=<token>`` stands for the share's creator on exactly one path, read-only
  (:mod:`graph.learning.shares`).

:func:`install` hangs :func:`browser_caller` on ``app.state.browser_caller``, where
``app.auth.resolve_caller`` looks when no key is sent.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from app.explorer.pages import page_csrf
from graph.core.acting import Caller
from graph.core.errors import AppError
from graph.learning import keys, shares
from graph.learning.signing import secret_key

COOKIE = "hls_session"
CSRF_HEADER = "X-CSRF-Token"
SESSION_SECONDS = 12 * 3600
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Session:
    key_id: str
    csrf: str


def signing_secret(app: FastAPI) -> str:
    """The app's signing secret, read (or made, kept in the data folder) on first use only: an app
    that never meets a cookie, a login or a share writes nothing to the data folder."""
    if getattr(app.state, "secret_key", None) is None:
        app.state.secret_key = secret_key(app.state.settings)
    return str(app.state.secret_key)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_secret(request.app), salt="hls-session")


def read_session(request: Request) -> Session | None:
    """The session the request's cookie signs for; ``None`` without one, or with one that is
    forged, from another secret or older than :data:`SESSION_SECONDS` (then it is as if absent)."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    try:
        data = _serializer(request).loads(cookie, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("k"), str) or not isinstance(data.get("c"), str):
        return None
    return Session(key_id=data["k"], csrf=data["c"])


def start_session(request: Request, response: Response, key_id: str) -> Session:
    """Set the session cookie for key ``key_id`` on ``response`` (a fresh CSRF token each login)."""
    session = Session(key_id=key_id, csrf=secrets.token_urlsafe(32))
    response.set_cookie(COOKIE, _serializer(request).dumps({"k": session.key_id, "c": session.csrf}),
                        max_age=SESSION_SECONDS, path="/", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return session


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")


def own_origin(request: Request) -> str:
    """The service's origin as this request reached it (scheme and Host)."""
    return f"{request.url.scheme}://{request.url.netloc}"


def check_origin(request: Request) -> None:
    """403 ``csrf_origin`` unless ``Origin`` (or, without it, ``Referer``) is the service's own."""
    origin = request.headers.get("origin")
    if origin is None and request.headers.get("referer"):
        parts = urlsplit(request.headers["referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin != own_origin(request):
        came = f"from {origin}" if origin else "with neither Origin nor Referer"
        raise AppError(403, "csrf_origin", f"cross-site request refused: a browser session writes only "
                       f"from {own_origin(request)}; this request came {came}", origin=origin,
                       expected=own_origin(request))


def check_csrf(request: Request, session: Session, token: str | None = None) -> None:
    """The CSRF check of a state-changing, cookie-authenticated request (see the module doc)."""
    check_origin(request)
    sent = token if token is not None else request.headers.get(CSRF_HEADER)
    if not sent or not secrets.compare_digest(sent, session.csrf):
        raise AppError(403, "csrf_token", f"missing or wrong {CSRF_HEADER} header: a browser session's "
                       "writes carry the token of its page (meta csrf-token)", header=CSRF_HEADER)


async def browser_caller(request: Request) -> Caller | None:
    """The caller a share token or a session cookie stands for (``None``: neither is sent)."""
    graph = request.app.state.graph
    share = request.query_params.get("share")
    if share:
        return await run_in_threadpool(shares.caller_for_share, graph, signing_secret(request.app), share,
                                       request.url.path, request.method)
    session = read_session(request)
    if session is None:
        return None
    if request.method not in SAFE_METHODS:
        check_csrf(request, session)
    caller = await run_in_threadpool(keys.caller_for_id, graph, session.key_id, "session")
    request.state.session = session
    page_csrf.set(session.csrf)  # the explorer's pages put it in a meta tag for their writes
    return caller


def install(app: FastAPI) -> None:
    """Sessions and share links for this app, signed with the kept secret (:func:`signing_secret`)."""
    app.state.secret_key = None
    app.state.browser_caller = browser_caller

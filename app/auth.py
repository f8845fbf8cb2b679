"""Who is calling: resolved once per request, before the route runs (issue 13).

``Authorization: Bearer <key>`` names a key (``graph.learning.keys``); a browser session cookie
(``app.sessions``) or a share link's token stand for the identity that made them; no credentials
stand for the anonymous caller when ``HLS_ANONYMOUS=public`` (the default) and answer 401 ``no_key``
when it is ``none``. A key that does not hold answers 401 naming why (``unknown_key``,
``key_expired``, ``key_revoked``).

The dependency is ``async`` on purpose: it runs in the request's own context, so
``graph.core.acting.set_current`` is seen by the (sync) route in its worker thread; the key's lookup
in Neo4j runs in the thread pool, off the event loop.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.core.acting import ANONYMOUS_ROLE, Caller, acting, set_current
from graph.core.errors import Unauthorized
from graph.learning import keys

bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", bearerFormat="hls_…",
    description="An API key (`hls-graph keys create`, or the local admin key `hls-graph serve` keeps "
    "in the data folder). Without one the caller is anonymous: it reads public data only, or is "
    "refused when HLS_ANONYMOUS=none.",
)
ANONYMOUS = Caller(actor_id=None, role=ANONYMOUS_ROLE, via="anonymous", request_id="anonymous")


def _resolve_key(request: Request, secret: str) -> Caller:
    return keys.caller_for(request.app.state.graph, secret)


async def resolve_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Caller:
    """The caller of this request, made current for the route (see the module doc)."""
    caller = await _credentials(request, credentials)
    set_current(caller)
    request.state.caller = caller
    return caller


async def _credentials(request: Request, credentials: HTTPAuthorizationCredentials | None) -> Caller:
    if credentials is not None:
        return await run_in_threadpool(_resolve_key, request, credentials.credentials)
    from_browser = getattr(request.app.state, "browser_caller", None)
    if from_browser is not None:  # a session cookie or a share link (app.sessions, app.shares)
        caller = await from_browser(request)
        if caller is not None:
            return caller
    default = getattr(request.app.state, "default_caller", None)
    if default is not None:  # an in-process API of a notebook (graph.notebook.api_in_background)
        # Each request its own request id, as a key's caller gets: undo takes back a request's
        # changes together, and the default's fixed id ("local") would make it one change only.
        return replace(default, request_id=uuid.uuid4().hex)
    if request.app.state.settings.hls_anonymous == "none":
        raise Unauthorized("no_key", "no key: this service needs an identity for every request; send "
                           "Authorization: Bearer <key> (or log in at /login)")
    return ANONYMOUS


CallerDep = Annotated[Caller, Depends(resolve_caller)]


class AnonymousUntilKnown:
    """Every request starts as the anonymous caller; :func:`resolve_caller` then names who calls.

    Without this, a route outside the caller dependency (``/health``, ``/login``, the explorer's
    assets, the offline docs) would act as the process default — the local admin of the CLI and the
    notebooks (``graph.core.acting.LOCAL``) — so a future route that forgot the dependency would read
    and write with every right. Pure ASGI, so the context it sets is the request's own.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with acting(ANONYMOUS):
            await self.app(scope, receive, send)

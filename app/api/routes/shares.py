"""Share links (issue 13): ``POST /shares`` makes a signed URL that opens one map, read-only, as its
creator; ``GET /shares`` lists the caller's (an admin's: all); ``DELETE /shares/{id}`` revokes one
(its owner or an admin). The rules are in :mod:`graph.learning.shares`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from starlette.routing import Match

from app.deps import GraphDep
from app.sessions import signing_secret
from graph.core.errors import RuleBroken
from graph.learning import shares

router = APIRouter(prefix="/shares", tags=["shares"])


class ShareIn(BaseModel):
    path: str = Field(min_length=2, max_length=500, description="the map to share, e.g. "
                      "/maps/systems/foresight-obesity (a path starting with /maps/, no query string)")
    expires: str | None = Field(None, max_length=40, description="a duration (7d, 12h, 45m) or an "
                                "ISO-8601 date; default 7 days, at most 90 days")
    scope: Literal["read"] = Field("read", json_schema_extra={"enum": ["read"]},
                                   description="read: the only scope (shares never write)")


class Share(BaseModel):
    id: str
    path: str
    created_by: str | None = Field(description="the actor whose read rights the link hands on")
    key_id: str | None = Field(description="the key that made it: the link ends when that key does")
    role: str
    created_at: str
    expires_at: str
    revoked_at: str | None = None


class NewShare(Share):
    url: str = Field(description="the link: <path>?share=<token>, shown this once")


ShareId = Annotated[str, Path(max_length=100)]


def _is_map(request: Request, path: str) -> bool:
    scope = {**request.scope, "path": path, "method": "GET"}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


@router.post("", status_code=201, response_model=NewShare)
def create_share(body: ShareIn, graph: GraphDep, request: Request) -> dict[str, object]:
    """A share link for one map, read-only, as the caller (a contributor or above)."""
    shares.check_path(body.path)
    if not _is_map(request, body.path):
        raise RuleBroken("share_path", f"path {body.path!r} is not a map this service serves",
                         path=body.path)
    made = shares.create_share(graph, signing_secret(request.app), body.path, body.expires, body.scope)
    token = made.pop("token")
    return {**made, "url": f"{str(request.base_url).rstrip('/')}{made['path']}?share={token}"}


@router.get("", response_model=list[Share])
def list_shares(graph: GraphDep) -> list[dict[str, object]]:
    """The caller's share links (an admin's: every one), newest first, revoked ones too."""
    return shares.list_shares(graph)


@router.delete("/{share_id}", response_model=Share)
def revoke_share(share_id: ShareId, graph: GraphDep) -> dict[str, object]:
    """Revoke a share link now (its owner or an admin); it answers 403 share_revoked from then on."""
    return shares.revoke_share(graph, share_id)

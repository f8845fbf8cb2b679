"""Share links (issue 13): a signed URL that opens one map, read-only, as the identity that made it.

``(:Share {id, path, token_hash, created_by, key_id, role, created_at, expires_at, revoked_at})``.
The token is ``<share id>.<random nonce>`` signed with the service's secret
(:mod:`graph.learning.signing`); Neo4j keeps only its hash. A request carrying ``?share=<token>``
acts as the share's creator (its actor, its role at creation, never more) but may only ``GET`` (or
``HEAD``) exactly the shared path: any other path or method answers 403 ``share_scope``. It stops
working when revoked (403 ``share_revoked``), expired (403 ``share_expired``), or when the key that
made it no longer holds (401 ``key_revoked``/``key_expired``): a share never outlives the right to
read that it hands on.

Only maps (``/maps/…``) are shared: they are self-contained pages made for frames; the explorer's
pages fetch further data and assets that a single-path token does not open.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, Signer
from neo4j import ManagedTransaction

from graph.core.acting import Caller, current
from graph.core.db import reads, run, writes
from graph.core.errors import AppError, Forbidden, NotFound, RuleBroken, Unauthorized
from graph.core.roles import refuse, require_role
from graph.learning import keys
from graph.learning.model import timestamp

SALT = "hls-share"
DEFAULT_EXPIRY = "7d"
MAX_DAYS = 90
SHAREABLE = ("/maps/",)
READ_METHODS = ("GET", "HEAD")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _public(share: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in share.items() if k != "token_hash"}


def check_path(path: str) -> str:
    """The path if it can be shared: a map's path, without query or fragment."""
    if not path.startswith(SHAREABLE) or any(c in path for c in "?#") or "/../" in path + "/":
        raise RuleBroken("share_path", f"path {path!r} cannot be shared: a share opens one map, "
                         f"a path starting with {', '.join(SHAREABLE)} (no query string)", path=path)
    return path


def share_expiry(value: str | None, now: datetime | None = None) -> str:
    """When a new share ends: ``value`` (a duration like 7d/12h or an ISO date), default 7 days,
    never beyond :data:`MAX_DAYS` nor in the past."""
    now = now or datetime.now(UTC)
    try:
        ends = keys.expiry(value or DEFAULT_EXPIRY, now) or ""
    except (OverflowError, ValueError):  # 10**30 days: beyond any calendar
        raise RuleBroken("share_expiry", f"expiry {value!r} is beyond the cap of {MAX_DAYS} days",
                         value=value, max_days=MAX_DAYS) from None
    if ends <= timestamp(now):
        raise RuleBroken("share_expiry", f"expiry {value!r} is in the past", value=value)
    if ends > timestamp(now + timedelta(days=MAX_DAYS)):
        raise RuleBroken("share_expiry", f"expiry {value!r} is beyond the cap of {MAX_DAYS} days",
                         value=value, max_days=MAX_DAYS)
    return ends


def create_share_tx(tx: ManagedTransaction, secret: str, path: str, expires: str | None = None,
                    scope: str = "read") -> dict[str, Any]:
    """A share of ``path`` by the current caller (a contributor or above: viewers write nothing, not
    even links); the answer carries its ``token``, shown this once."""
    caller = require_role("contributor", "create share links")
    if caller.via == "share":
        raise Forbidden("a share link cannot make share links", needs="a key or a session")
    if scope != "read":
        raise RuleBroken("share_scope", f"scope {scope!r} is not supported: shares are read-only (read)",
                         scope=scope)
    share_id = "share-" + secrets.token_hex(8)
    token = Signer(secret, salt=SALT).sign(f"{share_id}.{secrets.token_urlsafe(24)}").decode()
    props = {"id": share_id, "path": check_path(path), "token_hash": _hash(token),
             "created_by": caller.actor_id, "key_id": caller.key_id, "role": caller.role,
             "created_at": timestamp(), "expires_at": share_expiry(expires), "revoked_at": None}
    share = run(tx, "learning/share_create", props=props)[0]["share"]
    return {**share, "token": token}


def list_shares_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """The caller's shares (an admin's: every share), newest first."""
    caller = current()
    if caller.anonymous:
        raise refuse(caller, "listing share links")
    return [row["share"] for row in run(tx, "learning/share_list", all=caller.admin,
                                         actor=caller.actor_id, key_id=caller.key_id)]


def _owns(caller: Caller, share: dict[str, Any]) -> bool:
    if caller.admin:
        return True
    by_actor = share["created_by"] is not None and share["created_by"] == caller.actor_id
    return by_actor or (share["key_id"] is not None and share["key_id"] == caller.key_id)


def revoke_share_tx(tx: ManagedTransaction, share_id: str) -> dict[str, Any]:
    """Revoke a share now: by its owner or an admin."""
    caller = require_role("contributor", "revoke share links")
    rows = run(tx, "learning/share_by_id", id=share_id)
    if not rows:
        raise NotFound("share", share_id)
    if not _owns(caller, rows[0]["share"]):
        raise Forbidden(f"share {share_id} is not yours: only its owner or an admin revokes it",
                        share=share_id, actor=caller.actor_id)
    return run(tx, "learning/share_revoke", id=share_id, now=timestamp())[0]["share"]


def caller_for_share_tx(tx: ManagedTransaction, secret: str, token: str, path: str,
                        method: str) -> Caller:
    """The caller a share token stands for on ``method path``; 401/403 naming why it stands for none
    (``unknown_share``, ``share_revoked``, ``share_expired``, ``share_scope``)."""
    try:
        value = Signer(secret, salt=SALT).unsign(token).decode()
    except BadSignature:
        raise Unauthorized("unknown_share", "the share link is not one this service made") from None
    rows = run(tx, "learning/share_by_id", id=value.split(".", 1)[0])
    if not rows or rows[0]["share"]["token_hash"] != _hash(token):
        raise Unauthorized("unknown_share", "the share link is not known (deleted, or another database)")
    share = rows[0]["share"]
    if share["revoked_at"]:
        raise AppError(403, "share_revoked", f"share {share['id']} was revoked at {share['revoked_at']}",
                       share=share["id"])
    if share["expires_at"] <= timestamp():
        raise AppError(403, "share_expired", f"share {share['id']} expired at {share['expires_at']}",
                       share=share["id"])
    if path != share["path"] or method.upper() not in READ_METHODS:
        raise AppError(403, "share_scope", f"share {share['id']} opens only GET {share['path']}, not "
                       f"{method.upper()} {path}", share=share["id"], path=share["path"])
    if share["key_id"]:  # the right to read it hands on must still hold
        keys.caller_for_id_tx(tx, share["key_id"], via="share")
    return Caller(actor_id=share["created_by"], role=share["role"], via="share", key_id=share["key_id"])


create_share = writes(create_share_tx)
list_shares = reads(list_shares_tx)
revoke_share = writes(revoke_share_tx)
caller_for_share = reads(caller_for_share_tx)

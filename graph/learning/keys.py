"""API keys (issue 13): high-entropy secrets, shown once, stored only as their SHA-256 hash.

A key is ``(:ApiKey {id, name, hash, role, created_at, expires_at, revoked_at, last4})`` and
``-[:KEY_OF]->(:Actor)``. **The role sits on the key, not on the actor**: one person may hold a
``viewer`` key for a dashboard and a ``contributor`` key for their own work, and revoking one leaves
the other; what the actor may write beyond the role comes from its ``PARTICIPATES_IN`` links. Only an
``admin`` key may be held by no actor (a machine's key: the test suite's, a deployment's bootstrap).

The secret (``hls_`` + 43 URL-safe characters, 256 bits) is looked up by its hash, so no secret is
ever kept or logged; a hash of 256 random bits needs no salt nor slow hashing.

>>> secret = new_secret()
>>> secret.startswith(PREFIX), len(secret) > 40, hash_secret(secret) == hash_secret(secret)
(True, True, True)
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph.core.acting import ROLES, Caller
from graph.core.db import reads, run, writes
from graph.core.errors import NotFound, RuleBroken, Unauthorized
from graph.core.roles import require_role
from graph.learning import store
from graph.learning.model import timestamp

PREFIX = "hls_"
DURATION = re.compile(r"^(\d+)([dhm])$")


def new_secret() -> str:
    """A fresh key secret: recognisable prefix + 32 random bytes."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def expiry(value: str | None, now: datetime | None = None) -> str | None:
    """``30d``, ``12h``, ``45m`` from now, or an ISO-8601 date/time, as a stored timestamp.

    >>> expiry("2d", datetime(2025, 1, 1, tzinfo=UTC))
    '2025-01-03T00:00:00Z'
    >>> expiry("2030-05-01")
    '2030-05-01T00:00:00Z'
    """
    if not value:
        return None
    now = now or datetime.now(UTC)
    match = DURATION.match(value.strip())
    if match:
        amount, unit = int(match[1]), match[2]
        return timestamp(now + timedelta(**{{"d": "days", "h": "hours", "m": "minutes"}[unit]: amount}))
    try:
        return timestamp(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        raise RuleBroken("key_expiry", f"expiry {value!r} is neither a duration (30d, 12h, 45m) nor an "
                         "ISO-8601 date", value=value) from None


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``secret`` is shown this once and never again."""

    id: str
    secret: str
    role: str
    actor_id: str | None
    expires_at: str | None


def create_key_tx(
    tx: ManagedTransaction, actor_id: str | None, role: str, *, name: str | None = None,
    expires: str | None = None, secret: str | None = None,
) -> NewKey:
    """A new key for ``actor_id`` with ``role`` (admins only). ``secret`` is for fixtures that need
    a known key; normally a fresh one is drawn."""
    require_role("admin", "create keys")
    if role not in ROLES:
        raise RuleBroken("key_role", f"role {role!r} is not one of {', '.join(ROLES)}", role=role,
                         allowed=list(ROLES))
    if actor_id is None and role != "admin":
        raise RuleBroken("key_actor", "a key that is not an admin key belongs to an actor (--actor)")
    if actor_id is not None:
        store.require(tx, "actor", actor_id, role="key holder")
    secret = secret or new_secret()
    key_id = "key-" + secrets.token_hex(6)
    props = {"id": key_id, "name": name or f"{role} key", "hash": hash_secret(secret), "role": role,
             "created_at": timestamp(), "expires_at": expiry(expires), "revoked_at": None,
             "last4": secret[-4:]}
    run(tx, "learning/key_create", actor=actor_id, props=props)
    return NewKey(key_id, secret, role, actor_id, props["expires_at"])


def list_keys_tx(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """Every key, without its hash (admins only)."""
    require_role("admin", "list keys")
    return [row["key"] for row in run(tx, "learning/key_list")]


def revoke_key_tx(tx: ManagedTransaction, key_id: str) -> dict[str, Any]:
    """Revoke ``key_id`` now (admins only); it answers 401 ``key_revoked`` from then on."""
    require_role("admin", "revoke keys")
    rows = run(tx, "learning/key_revoke", id=key_id, now=timestamp())
    if not rows:
        raise NotFound("key", key_id)
    return rows[0]


def caller_for_tx(tx: ManagedTransaction, secret: str) -> Caller:
    """The caller a key secret stands for; 401 naming why when it stands for none."""
    rows = run(tx, "learning/key_by_hash", hash=hash_secret(secret))
    if not rows:
        raise Unauthorized("unknown_key", "the key sent is not known (mistyped, or from another service)")
    return _holding(rows[0]["key"], "key")


def caller_for_id_tx(tx: ManagedTransaction, key_id: str, via: str = "session") -> Caller:
    """The caller key ``key_id`` stands for (a browser session or share link names its key by id:
    they hold only while the key does); 401 naming why when it stands for none."""
    rows = run(tx, "learning/key_by_id", id=key_id)
    if not rows:
        raise Unauthorized("unknown_key", f"key {key_id} is not known here (deleted, or another database)",
                           key=key_id)
    return _holding(rows[0]["key"], via)


def _holding(key: dict[str, Any], via: str) -> Caller:
    if key["revoked_at"]:
        raise Unauthorized("key_revoked", f"key {key['id']} was revoked at {key['revoked_at']}",
                           key=key["id"])
    if key["expires_at"] and key["expires_at"] <= timestamp():
        raise Unauthorized("key_expired", f"key {key['id']} expired at {key['expires_at']}", key=key["id"])
    return Caller(actor_id=key["actor_id"], role=key["role"], via=via, key_id=key["id"])


create_key = writes(create_key_tx)
list_keys = reads(list_keys_tx)
revoke_key = writes(revoke_key_tx)
caller_for = reads(caller_for_tx)
caller_for_id = reads(caller_for_id_tx)

"""One-time login links (issue 13, the Jupyter convention): ``hls-graph serve`` prints
``http://HOST:PORT/login?token=…``; the first visit logs the browser in as the local admin key's
identity, and the link is spent.

The token is a random nonce signed with the service's secret (:mod:`graph.learning.signing`) and a
timestamp; Neo4j keeps only the nonce's hash, the key it logs in as, and when it was used. It is not
the admin key: a link left in a terminal's scrollback or a browser's history opens nothing after its
first use or after :data:`LIFETIME_SECONDS`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from neo4j import ManagedTransaction

from graph.core.db import run, writes
from graph.core.errors import Unauthorized
from graph.core.roles import require_role
from graph.learning.model import timestamp

LIFETIME_SECONDS = 3600
SALT = "hls-login-link"


def _hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def create_login_token_tx(tx: ManagedTransaction, secret: str, key_id: str) -> str:
    """A new one-time token that logs in as key ``key_id`` (admins only: it is the local admin's)."""
    require_role("admin", "make a login link")
    nonce = secrets.token_urlsafe(24)
    expires = timestamp(datetime.now(UTC) + timedelta(seconds=LIFETIME_SECONDS))
    run(tx, "learning/login_token_create", id="login-" + secrets.token_hex(6), nonce_hash=_hash(nonce),
        key_id=key_id, now=timestamp(), expires_at=expires)
    return TimestampSigner(secret, salt=SALT).sign(nonce).decode()


def use_login_token_tx(tx: ManagedTransaction, secret: str, token: str) -> str:
    """The key id a login token logs in as, spending it; 401 naming why when it logs in as nothing
    (``login_link_invalid``, ``login_link_expired``, ``login_link_used``)."""
    try:
        nonce = TimestampSigner(secret, salt=SALT).unsign(token, max_age=LIFETIME_SECONDS).decode()
    except SignatureExpired:
        raise Unauthorized("login_link_expired", "this login link has expired: log in with a key, "
                           "or restart hls-graph serve for a new link") from None
    except BadSignature:
        raise Unauthorized("login_link_invalid", "this login link is not one this service made") from None
    rows = run(tx, "learning/login_token_use", nonce_hash=_hash(nonce), now=timestamp())
    if not rows:
        raise Unauthorized("login_link_invalid", "this login link is not known to this database")
    found = rows[0]["token"]
    if found["used_at"]:
        raise Unauthorized("login_link_used", f"this login link was used already (at {found['used_at']}); "
                           "it works once: log in with a key, or restart hls-graph serve for a new link")
    if found["expires_at"] <= timestamp():
        raise Unauthorized("login_link_expired", "this login link has expired")
    return found["key_id"]


create_login_token = writes(create_login_token_tx)
use_login_token = writes(use_login_token_tx)

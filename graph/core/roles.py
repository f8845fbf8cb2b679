"""What each role may do, in one order: ``anonymous`` < ``viewer`` < ``contributor`` < ``steward``
< ``admin`` (issue 13; the table is in README.md "Who may do what").

Checks that need only the role (scales, keys, outcome systems, deletes with ``detach``) live here,
below every wing; checks that need the caller's participations in cycles are in
``graph.learning.access``. Both read :func:`graph.core.acting.current`, so every path that writes —
the API, the CLI, notebooks, bulk jobs — is covered by the same rule in the same transaction.

>>> from graph.core.acting import Caller, acting
>>> with acting(Caller("ana", "viewer", "key")):
...     try:
...         require_role("contributor", "create an outcome system")
...     except Forbidden as refusal:
...         refusal.message
'role viewer lacks create an outcome system: it needs contributor or above'
"""

from __future__ import annotations

from graph.core.acting import ANONYMOUS_ROLE, ROLES, Caller, current
from graph.core.errors import Forbidden, Unauthorized

RANK: dict[str, int] = {ANONYMOUS_ROLE: 0, **{role: rank for rank, role in enumerate(ROLES, start=1)}}


def at_least(caller: Caller, minimum: str) -> bool:
    """Does ``caller``'s role reach ``minimum``?"""
    return RANK.get(caller.role, 0) >= RANK[minimum]


def refuse(caller: Caller, message: str, **details: object) -> Forbidden | Unauthorized:
    """The refusal for ``caller``: 401 ``no_key`` for an anonymous caller (proving who it is may
    help), 403 naming what is missing for a known one."""
    if caller.anonymous:
        return Unauthorized("no_key", f"no key: {message} needs an identity; send Authorization: "
                            "Bearer <key>", **details)
    return Forbidden(message, role=caller.role, actor=caller.actor_id, **details)


def require_role(minimum: str, action: str) -> Caller:
    """The caller, if its role reaches ``minimum`` for ``action``; else 401/403 naming both."""
    caller = current()
    if at_least(caller, minimum):
        return caller
    if caller.anonymous:
        raise refuse(caller, action, needs=minimum)
    raise Forbidden(f"role {caller.role} lacks {action}: it needs {minimum} or above",
                    role=caller.role, actor=caller.actor_id, needs=minimum)

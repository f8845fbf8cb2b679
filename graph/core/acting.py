"""Who is acting, for the length of one request or command: the one place the domain asks.

The API sets the caller once per request (its authentication dependency); the CLI and notebooks on
the local machine act as the local administrator. Domain code reads :func:`current` to decide what
the caller may read (evidence sensitivity) and write (roles), and to stamp who changed what
(``updated_by``, history). Outside any request the caller is :data:`LOCAL` — the machine's own user
(the CLI, notebooks, loaders, tests of domain functions).

>>> current().role
'admin'
>>> with acting(Caller(actor_id="ana", role="viewer", via="key")):
...     current().actor_id, current().role
('ana', 'viewer')
>>> current() is LOCAL
True
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

ROLES = ("viewer", "contributor", "steward", "admin")


@dataclass(frozen=True)
class Caller:
    """An identity acting now. ``actor_id`` is an ``Actor``'s id (``None``: anonymous or the local
    machine); ``role`` one of :data:`ROLES` or ``"anonymous"``; ``via`` how it proved itself
    (``key``, ``session``, ``share``, ``local``, ``anonymous``); ``request_id`` ties its changes together."""

    actor_id: str | None
    role: str
    via: str
    key_id: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def anonymous(self) -> bool:
        return self.role == "anonymous"

    @property
    def admin(self) -> bool:
        return self.role == "admin"


LOCAL = Caller(actor_id=None, role="admin", via="local", request_id="local")
ANONYMOUS_ROLE = "anonymous"

_caller: ContextVar[Caller] = ContextVar("hls_caller", default=LOCAL)


def current() -> Caller:
    """The caller acting now (:data:`LOCAL` outside a request)."""
    return _caller.get()


def set_current(caller: Caller) -> None:
    """Make ``caller`` the one acting for the rest of this context (the API's request dependency:
    an ``async`` dependency, so the route's thread sees it)."""
    _caller.set(caller)


@contextmanager
def acting(caller: Caller) -> Iterator[Caller]:
    """``caller`` acts inside the ``with`` block; the previous caller afterwards."""
    token = _caller.set(caller)
    try:
        yield caller
    finally:
        _caller.reset(token)

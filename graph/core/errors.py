"""Refusals the domain code raises: each carries an HTTP status, a stable code, a message that
names what is wrong, and the ids involved. The API answers them as JSON; the CLI prints them.

>>> NotFound("cycle", "nope").body()
{'error': 'not_found', 'message': "no cycle with id 'nope'", 'kind': 'cycle', 'id': 'nope'}
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """A refusal with an HTTP status, a stable code and the details that explain it."""

    def __init__(self, status: int, code: str, message: str, /, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.details}


class NotFound(AppError):
    def __init__(self, kind: str, id: str, /, **details: Any) -> None:
        super().__init__(404, "not_found", f"no {kind} with id {id!r}", kind=kind, id=id, **details)


class Conflict(AppError):
    def __init__(self, code: str, message: str, /, **details: Any) -> None:
        super().__init__(409, code, message, **details)


class RuleBroken(AppError):
    """A domain rule refused the change (422): ``rule`` says which."""

    def __init__(self, rule: str, message: str, /, **details: Any) -> None:
        super().__init__(422, "rule_broken", message, rule=rule, **details)


class Unauthorized(AppError):
    """401: the caller proved no identity (no key) or a key that does not hold (``code`` says why:
    ``no_key``, ``unknown_key``, ``key_expired``, ``key_revoked``)."""

    def __init__(self, code: str, message: str, /, **details: Any) -> None:
        super().__init__(401, code, message, **details)


class Forbidden(AppError):
    """403: the caller is known but its role or participations do not cover the change; the
    message names what is missing (``role contributor lacks write on cycle ctax-team``)."""

    def __init__(self, message: str, /, **details: Any) -> None:
        super().__init__(403, "forbidden", message, **details)


class VersionMismatch(AppError):
    """``If-Match`` named a version that is no longer the entity's (412): someone changed it since."""

    def __init__(self, kind: str, id: str, expected: str, current: int, /) -> None:
        super().__init__(
            412, "version_mismatch",
            f"{kind} {id!r} is at version {current}, not {expected}: it changed since you read it; "
            "read it again and reapply your change",
            kind=kind, id=id, expected=expected, current_version=current,
        )


class PreconditionRequired(AppError):
    """This service requires ``If-Match`` on changes (428) and the request sent none."""

    def __init__(self) -> None:
        super().__init__(
            428, "if_match_required",
            "this service requires an If-Match header (the entity's version, as its ETag says) on "
            "every change",
        )

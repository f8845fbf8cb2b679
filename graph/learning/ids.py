"""Ids of the learning structure: caller-chosen (validated) or generated (slug of a name plus a short
random suffix, or a kind prefix plus one).

>>> valid_id("gateshead-place")
True
>>> valid_id("-leading-dash") or valid_id("has space") or valid_id("")
False
>>> new_id("Calls to residents in arrears!").startswith("calls-to-residents-in-arrears-")
True
>>> new_id(None, prefix="evidence").startswith("evidence-")
True
"""

from __future__ import annotations

import re
import uuid

from graph.core.errors import RuleBroken

# One letter or digit first, then up to 127 of letters, digits and ``_ . : -`` (no spaces or slashes,
# so an id always fits in a URL path segment).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
_ID = re.compile(ID_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 48


def valid_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))  # match() would let "$" pass a trailing newline


def slug(text: str) -> str:
    """Lower-case letters and digits joined by single dashes, at most ``SLUG_LENGTH`` long."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:SLUG_LENGTH].strip("-")


def new_id(name: str | None, prefix: str = "id") -> str:
    """A fresh id: the slug of ``name`` (or ``prefix``) and eight hex digits of a uuid4."""
    base = slug(name or "") or prefix
    return f"{base}-{uuid.uuid4().hex[:8]}"


def check_id(value: str, kind: str) -> str:
    """``value`` if it is a well-formed id; a 422 naming it otherwise."""
    if not valid_id(value):
        raise RuleBroken(
            "id_format", f"{kind} id {value!r} is not a valid id (pattern {ID_PATTERN})",
            kind=kind, id=value,
        )
    return value

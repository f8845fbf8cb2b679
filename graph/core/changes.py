"""Versions and history of every entity, kept in the transaction that changes it.

Every write touches the entity it changes (:func:`touch` for a node, :func:`touch_link` for an
outcome-system link) before it reads or writes anything of it: touching takes the entity's write
lock first, so the version it reads is the latest and no one else changes the entity until this
transaction commits — the ``If-Match`` check is made on that locked read, never on an earlier,
unlocked one (under Neo4j's read-committed isolation, compare-then-write loses updates).

When the transaction's work is done (a :func:`graph.core.db.before_commit` hook), each touched entity
gets ``version`` + 1 (1 when created), ``updated_at`` and ``updated_by``, and one append-only
``(:Change)`` node records who changed what, when, with its properties before and after (as JSON
text), the new version and the request id. Nothing is recorded when an update changed nothing.

The expected version comes from the request's ``If-Match`` (:func:`expecting`, set by the API per
request); only the first entity a transaction touches with ``check`` (the one the request names) is
compared. Outside a request nothing is expected: the CLI and notebooks write unconditionally.

>>> parse_if_match('"3"'), parse_if_match('W/"7"'), parse_if_match("*"), parse_if_match(None)
('3', '7', '*', None)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.core import acting
from graph.core.db import before_commit, run
from graph.core.errors import VersionMismatch

# Properties every versioned entity carries; never part of what a client sets or an export writes.
STAMP_KEYS = frozenset({"version", "updated_at", "updated_by"})
# Operations that change an entity's relationships, not (only) its properties.
RELATIONSHIP_OPS = frozenset({"link", "unlink"})

_expected: ContextVar[str | None] = ContextVar("hls_if_match", default=None)


def parse_if_match(header: str | None) -> str | None:
    """The version an ``If-Match`` header names (``"3"``, ``W/"3"``, ``3``), ``*`` or ``None``."""
    if header is None:
        return None
    value = header.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip().strip('"').strip() or None


def etag(version: int) -> str:
    """The ETag of an entity at ``version`` (the form ``If-Match`` sends back)."""
    return f'"{version}"'


def set_expected(version: str | None) -> None:
    """The version the current request expects of the entity it changes (its ``If-Match``)."""
    _expected.set(version)


@contextmanager
def expecting(version: str | None) -> Iterator[None]:
    """``version`` is expected of the entity changed inside the ``with`` block."""
    token = _expected.set(version)
    try:
        yield
    finally:
        _expected.reset(token)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def actor_name() -> str:
    """Who acts, as ``updated_by`` and history name them (``local``: the machine's own user, or an
    admin key that belongs to no actor)."""
    return acting.current().actor_id or "local"


@dataclass
class Touched:
    kind: str
    id: str
    label: str | None  # None: an INFLUENCES link (``source``/``target``)
    before: dict[str, Any] | None  # None: created in this transaction
    op: str
    source: str | None = None
    target: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    rels: list[Any] | None = None  # with a link/unlink op: its relationships before
    version: int = 0  # the version this transaction gives it
    settled: bool = False  # stamped with ``version`` (it changed, or was created)

    @property
    def relinks(self) -> bool:
        return self.op in RELATIONSHIP_OPS


def _journal(tx: ManagedTransaction) -> dict[tuple[str, str], Touched]:
    journal = tx.__dict__.get("_hls_journal")
    if journal is None:
        journal = tx.__dict__["_hls_journal"] = {}
        tx.__dict__["_hls_checked"] = False
        before_commit(tx, "changes", flush)
    return journal


def version_of(props: Mapping[str, Any] | None) -> int:
    """The version of an entity's properties (1 for one stored before versions existed)."""
    if props is None:
        return 0
    return int(props.get("version") or 1)


def _check(tx: ManagedTransaction, kind: str, id: str, props: Mapping[str, Any]) -> None:
    if tx.__dict__.get("_hls_checked"):
        return
    tx.__dict__["_hls_checked"] = True
    expected = _expected.get()
    if expected is None or expected == "*":
        return
    if expected != str(version_of(props)):
        raise VersionMismatch(kind, id, expected, version_of(props))


def touch(
    tx: ManagedTransaction, kind: str, label: str, id: str, /, *, op: str = "update", check: bool = True,
    **detail: Any,
) -> dict[str, Any] | None:
    """Lock node ``id`` of ``label`` and check the request's ``If-Match`` against its version when
    ``check``; it gets its next version once it has changed (:func:`settle`). Answers its properties
    before (``None``: no such node — the caller answers the 404). Touching twice is one touch."""
    journal = _journal(tx)
    key = (kind, id)
    if key in journal:
        entry = journal[key]
        entry.detail.update(detail)
        if entry.before is not None:
            return entry.before
        rows = run(tx, "changes/node_props", label=label, id=id, rels=False)  # created in this tx
        return rows[0]["props"] if rows else None
    rows = run(tx, "changes/node_lock", label=label, id=id, rels=op in RELATIONSHIP_OPS)
    if not rows:
        return None
    props = rows[0]["props"]
    if check:
        _check(tx, kind, id, props)
    journal[key] = Touched(kind, id, label, props, op, detail=dict(detail), rels=_rels(rows[0]["rels"]),
                           version=version_of(props) + 1)
    return props


def stamps(version: int = 1) -> dict[str, Any]:
    """The version properties of an entity about to be created (its creation query sets them)."""
    return {"version": version, "updated_at": now(), "updated_by": actor_name()}


def created(
    tx: ManagedTransaction, kind: str, label: str, id: str, /, *, op: str = "create", **detail: Any,
) -> None:
    """Note node ``id`` as created by this transaction: version 1 (or, back from the trash, one more
    than it had). Stamped now if it exists already, else when the transaction's work is done."""
    entry = _journal(tx).setdefault((kind, id), Touched(kind, id, label, None, op, version=1, detail=detail))
    rows = run(tx, "changes/node_props", label=label, id=id, rels=False)
    if rows:
        props = rows[0]["props"]
        entry.version = version_of(props) + 1 if op != "create" else 1
        _stamp(tx, entry, entry.version, now(), actor_name())
        entry.settled = True


def touch_link(
    tx: ManagedTransaction, source: str, target: str, /, *, op: str = "update", check: bool = True,
    **detail: Any,
) -> dict[str, Any] | None:
    """:func:`touch` for the INFLUENCES link ``source -> target`` (kind ``link``)."""
    journal = _journal(tx)
    key = ("link", f"{source}->{target}")
    if key in journal:
        return journal[key].before
    rows = run(tx, "changes/link_lock", source=source, target=target)
    if not rows:
        return None
    props = rows[0]["props"]
    if check:
        _check(tx, "link", key[1], props)
    journal[key] = Touched("link", key[1], None, props, op, source, target, detail=dict(detail),
                           version=version_of(props) + 1)
    return props


def link_created(tx: ManagedTransaction, source: str, target: str, **detail: Any) -> None:
    entry = Touched("link", f"{source}->{target}", None, None, "create", source, target, version=1,
                    settled=True, detail=dict(detail))
    _journal(tx).setdefault(("link", entry.id), entry)
    _stamp(tx, entry, 1, now(), actor_name())


def _now(tx: ManagedTransaction, entry: Touched) -> tuple[dict[str, Any] | None, list[Any]]:
    """The entity's properties now (``None``: gone) and, for a link/unlink, its relationships."""
    if entry.label is None:
        rows = run(tx, "changes/link_props", source=entry.source, target=entry.target)
        return (rows[0]["props"], []) if rows else (None, [])
    rows = run(tx, "changes/node_props", label=entry.label, id=entry.id, rels=entry.relinks)
    return (rows[0]["props"], _rels(rows[0]["rels"])) if rows else (None, [])


def _rels(rels: list[Any]) -> list[str]:
    """Relationships in a comparable form: sorted JSON text."""
    return sorted(json.dumps(rel, sort_keys=True, default=str) for rel in rels)


def _stamp(
    tx: ManagedTransaction, entry: Touched, version: int | None, at: str | None, by: str | None,
) -> dict[str, Any] | None:
    if entry.label is None:
        rows = run(tx, "changes/link_stamp", source=entry.source, target=entry.target, version=version,
                   at=at, by=by)
    else:
        rows = run(tx, "changes/node_stamp", label=entry.label, id=entry.id, version=version, at=at, by=by)
    return rows[0]["props"] if rows else None


def _unstamped(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if props is None else {k: v for k, v in props.items() if k not in STAMP_KEYS}


def dumps(props: Mapping[str, Any] | None) -> str | None:
    """Properties as the JSON text a Change keeps (dates and other values as text)."""
    return None if props is None else json.dumps(dict(props), sort_keys=True, default=str)


def settle(tx: ManagedTransaction) -> None:
    """Stamp each entity this transaction touched that has changed by now with its next version
    (``updated_at``, ``updated_by``), so an answer read next shows it. The shared read helpers call it
    (a no-op outside a write); an idempotent link or an empty change stays as it was."""
    journal = tx.__dict__.get("_hls_journal")
    if not journal:
        return
    at, by = now(), actor_name()
    for entry in journal.values():
        if entry.settled or entry.before is None:
            continue
        after, rels = _now(tx, entry)
        unchanged = _unstamped(after) == _unstamped(entry.before) and rels == (entry.rels or [])
        if after is None or unchanged:
            continue
        _stamp(tx, entry, entry.version, at, by)
        entry.settled = True


def flush(tx: ManagedTransaction) -> None:
    """Record one Change per entity this transaction changed (the before-commit hook): settled
    first; an entity that did not change after all gets no new version and no Change; one whose
    stamps a later write replaced (``SET n = $props``) is stamped again."""
    settle(tx)
    caller = acting.current()
    at, by = now(), actor_name()
    for entry in _journal(tx).values():
        after, _ = _now(tx, entry)
        if after is not None and entry.before is not None and not entry.settled:
            continue  # unchanged
        if after is not None and after.get("version") != entry.version:
            after = _stamp(tx, entry, entry.version, at, by)
        record(tx, {
            "id": uuid.uuid4().hex, "at": at, "actor": by, "request_id": caller.request_id,
            "kind": entry.kind, "entity": entry.id, "op": "delete" if after is None else entry.op,
            "version": entry.version, "before": dumps(entry.before), "after": dumps(after),
            "detail": json.dumps(entry.detail, sort_keys=True, default=str) if entry.detail else None,
            "undoes": entry.detail.get("undoes"),
        })


def record(tx: ManagedTransaction, props: Mapping[str, Any]) -> None:
    """Append one Change (``props`` without ``None`` values)."""
    run(tx, "changes/change_record", props={k: v for k, v in props.items() if v is not None})


def rule_lock(tx: ManagedTransaction, name: str) -> None:
    """Serialise the transactions that check rule ``name`` (see queries/changes/rule_lock.cypher)."""
    run(tx, "changes/rule_lock", name=name)

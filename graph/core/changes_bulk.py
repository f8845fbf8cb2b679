"""History of the bulk writes — ``POST /bulk`` (and the loaders that share its path) and system
imports: one append-only ``(:Change)`` per entity they create or replace, the same record
:mod:`graph.core.changes` keeps for a single write (who, when, kind, entity, op, version, ``before``
and ``after`` as JSON text, the request id), so ``GET /history?entity=`` and
``GET /{collection}/{id}/history`` answer for entities a bulk write made.

Why not the single writes' journal: it reads every touched entity back before commit (one query per
entity). A bulk write already holds every row it writes, so its changes are built in Python and
written with batched ``UNWIND`` in the same transaction (:data:`CHUNK` rows a query, never one query
per row): one small node per entity, found through the indexed ``entity`` property like every other.

>>> change = entry("cycle", "c1", {"name": "C", "version": 1}, None, "2026-01-01T00:00:00Z", "local", "r1")
>>> change["op"], change["version"], change["after"], "before" in change
('create', 1, '{"id": "c1", "name": "C", "version": 1}', False)
>>> entry("factor", "s:a", {"version": 3}, {"version": 2}, "t", "local", None)["op"]
'update'
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core import acting
from graph.core.changes import STAMP_KEYS, actor_name, dumps, now, version_of
from graph.core.db import run

CHUNK = 10_000
# (kind, entity id, its properties after, its properties before — None: created)
Written = tuple[str, str, Mapping[str, Any], Mapping[str, Any] | None]


def entry(
    kind: str, id: str, after: Mapping[str, Any] | None, before: Mapping[str, Any] | None, at: str, by: str,
    request_id: str | None, detail: str | None = None, op: str | None = None,
) -> dict[str, Any]:
    """One Change as :func:`graph.core.changes.flush` records it (``None`` values left out)."""
    after_props = None if after is None else {"id": id, **{k: v for k, v in after.items() if v is not None}}
    version = version_of(after_props) if after_props is not None else version_of(before) + 1
    props = {
        "id": uuid.uuid4().hex, "at": at, "actor": by, "request_id": request_id, "kind": kind, "entity": id,
        "op": op or ("create" if before is None else "update"),
        "version": version,
        "before": dumps(before), "after": dumps(after_props), "detail": detail,
    }
    return {k: v for k, v in props.items() if v is not None}


def record_written(
    tx: ManagedTransaction, written: Iterable[Written], /, *, chunk: int = CHUNK, **detail: Any,
) -> int:
    """Append one Change per written entity (``detail``, e.g. ``via="bulk"``, kept with each), in
    batches of ``chunk``; how many were recorded."""
    at, by, request_id = now(), actor_name(), acting.current().request_id
    text = json.dumps(detail, sort_keys=True, default=str) if detail else None
    # written again unchanged (a merging load): no new change, as for a single write
    return _write_all(tx, (entry(kind, id, after, before, at, by, request_id, text)
                           for kind, id, after, before in written
                           if before is None or unstamped(after) != unstamped(before)), chunk)


def record_removed(
    tx: ManagedTransaction, removed: Iterable[tuple[str, str, Mapping[str, Any]]], /, *, chunk: int = CHUNK,
    **detail: Any,
) -> int:
    """Append one ``delete`` Change per removed entity (kind, id, its properties before)."""
    at, by, request_id = now(), actor_name(), acting.current().request_id
    text = json.dumps(detail, sort_keys=True, default=str) if detail else None
    return _write_all(tx, (entry(kind, id, None, before, at, by, request_id, text, op="delete")
                           for kind, id, before in removed), chunk)


def record_undone(
    tx: ManagedTransaction, undone: Iterable[tuple[str, str, Mapping[str, Any], str]], /, *,
    chunk: int = CHUNK,
) -> int:
    """Append one ``delete`` Change per entity an undo removed along with its owner (kind, id, its
    properties before, the creation Change it undoes), as :func:`graph.core.changes.flush` records
    the owner's own: so a later undo does not find those creations still to undo."""
    at, by, request_id = now(), actor_name(), acting.current().request_id
    return _write_all(tx, ({**entry(kind, id, None, before, at, by, request_id,
                                    json.dumps({"undoes": undoes}), op="delete"), "undoes": undoes}
                           for kind, id, before, undoes in undone), chunk)


def unstamped(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties that make a change (a ``None`` value is no property: SET removes it)."""
    return {k: v for k, v in props.items() if k not in STAMP_KEYS and k != "id" and v is not None}


def _write_all(tx: ManagedTransaction, rows: Iterable[dict[str, Any]], chunk: int) -> int:
    """Write ``rows`` as Changes, ``chunk`` a query; how many were written."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            count, batch = count + _write(tx, batch), []
    return count + (_write(tx, batch) if batch else 0)


def _write(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> int:
    return run(tx, "changes/change_record_many", changes=rows)[0]["recorded"]

"""History, restore and undo (issue 14), over the append-only changes ``graph.core.changes`` records.

Every answer that shows an evidence's properties (before or after a change) passes them through
``graph.learning.sensitivity.redact``, as every other evidence answer does: restricted text, value and
unit are withheld unless the viewer cycle produced the evidence.

Restoring an entity to version N writes back its properties as they were at N (its relationships
stay as they are now: undo and the trash bring relationships back) as a new version, after the
same checks a PATCH makes: the API's model for the kind (a ``validate`` callable the route passes;
the domain does not import the API) and the domain rules over the properties as a whole (an
experiment's dates in order, evidence content by kind, ``resolved_by`` only when resolved) — a value
refused answers 422 naming the field, and nothing is written.

Undo takes the caller's last change that is not undone: an update is written back, a delete comes
back from the trash, a creation goes to the trash, a change of relationships is reversed by the
reverse link write with its rules (``graph.learning.undo_links``; 409 ``cannot_undo`` naming why
when it cannot be).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes, changes_bulk, trash
from graph.core.db import reads, run, writes
from graph.core.errors import Conflict, NotFound
from graph.core.roles import require_role
from graph.learning import conditions, evidence, experiments, store, undo_links
from graph.learning.access import require_write_on
from graph.learning.sensitivity import reader_tx, redact

# Kinds whose history can be restored (node entities) -> label.
LABELS: dict[str, str] = {**store.LABELS, "cluster": "Cluster"}
# The URL collections of ``GET /{collection}/{id}/history`` -> kind.
COLLECTIONS: dict[str, str] = {
    "scales": "scale", "cycles": "cycle", "actors": "actor", "experiments": "experiment",
    "evidence": "evidence", "patterns": "pattern", "sessions": "session", "decisions": "decision",
    "conditions": "condition", "systems": "outcome_system",
}


def _props(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def shown(
    tx: ManagedTransaction, items: list[dict[str, Any]], viewer_cycle: str | None,
) -> list[dict[str, Any]]:
    """Changes as answered: before/after as objects, evidence redacted for ``viewer_cycle``."""
    evidence_ids = sorted({c["entity"] for c in items if c["kind"] == "evidence"})
    producers = {row["id"]: row["cycle"] for row in run(tx, "learning/evidence_cycles", ids=evidence_ids)}
    reader = reader_tx(tx)
    out = []
    for change in items:
        answer = {**change, "before": _props(change.get("before")), "after": _props(change.get("after")),
                  "detail": _props(change.get("detail"))}
        if change["kind"] == "evidence":
            for side in ("before", "after"):
                if answer[side] is not None:
                    answer[side] = redact({"sensitivity": "personal", **answer[side]},
                                          producers.get(change["entity"]), viewer_cycle, reader)
        out.append(answer)
    return out


def list_history_tx(
    tx: ManagedTransaction, *, entity: str | None = None, kind: str | None = None, actor: str | None = None,
    since: str | None = None, viewer_cycle: str | None = None, limit: int = store.DEFAULT_LIMIT,
    offset: int = 0,
) -> dict[str, Any]:
    """A page of changes, newest first, filtered by entity id, kind, actor and time (``since``)."""
    limit = max(1, min(limit, store.MAX_LIMIT))
    offset = max(0, min(offset, store.MAX_OFFSET))
    # Started from the narrowest index the filters allow (one entity's history must not read them all).
    if entity is not None:
        query = "changes/history_page_of_entity"
    elif actor is not None:
        query = "changes/history_page_of_actor"
    else:
        query = "changes/history_page"
    row = run(tx, query, entity=entity, kind=kind, actor=actor, since=since, limit=limit, offset=offset)[0]
    return {"items": shown(tx, row["items"], viewer_cycle), "total": row["total"], "limit": limit,
            "offset": offset}


def restore_version_tx(
    tx: ManagedTransaction, kind: str, id: str, version: int,
    validate: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Write entity ``id`` of ``kind`` back to its properties at ``version`` (a new version; its
    relationships stay). 404 if the entity or that version is unknown; 409 if it was deleted (the
    trash brings it back); 422 naming the field if ``validate`` (kind, properties) or a domain rule
    refuses them (nothing written)."""
    require_role("contributor", "restore a version")
    label = _label(kind)
    require_write_on(tx, kind, id, "restore")
    rows = run(tx, "changes/change_at_version", entity=id, kind=kind, version=version)
    if not rows:
        raise NotFound(f"version of {kind} {id!r}", str(version), entity=id, version=version)
    if changes.touch(tx, kind, label, id, op="restore", restored_version=version) is None:
        raise Conflict("entity_deleted", f"{kind} {id!r} was deleted: restore it from the trash first",
                       kind=kind, id=id)
    restored = json.loads(rows[0]["change"]["after"])
    if validate is not None:
        validate(kind, restored)
    _domain_rules(kind, id, restored)
    _write_back(tx, label, id, restored)
    return _entity(tx, kind, label, id)


def _domain_rules(kind: str, id: str, props: dict[str, Any]) -> None:
    """The rules a PATCH of ``kind`` checks over the entity's properties as a whole."""
    if kind == "experiment":
        experiments.refuse_backwards_dates(id, props)
    elif kind == "evidence":
        evidence.refuse_missing_content(id, props)
    elif kind == "condition":
        conditions.refuse_resolved_by_unless_resolved(id, props.get("status"), props.get("resolved_by"))


def _label(kind: str) -> str:
    if kind not in LABELS:
        raise NotFound("kind", kind, known=sorted(LABELS))
    return LABELS[kind]


def _write_back(tx: ManagedTransaction, label: str, id: str, props: dict[str, Any]) -> None:
    kept = {k: v for k, v in props.items() if k not in changes.STAMP_KEYS}
    run(tx, "changes/node_replace", label=label, id=id, props={**kept, "id": id})


def _entity(tx: ManagedTransaction, kind: str, label: str, id: str) -> dict[str, Any]:
    """The entity as it is now: its public shape for a learning kind, its properties otherwise."""
    changes.settle(tx)
    if kind in store.KIND_QUERIES:
        item = store.fetch_one(tx, kind, id)
        if kind == "evidence":
            item = redact(item, item.get("cycle_id"), None, reader_tx(tx))
        return item
    rows = run(tx, "changes/node_props", label=label, id=id, rels=False)
    return rows[0]["props"] if rows else {}


def undo_tx(tx: ManagedTransaction) -> dict[str, Any]:
    """Undo the caller's last change (and the others of the same request). 404 when there is none;
    anonymous callers and viewers change nothing, so they have nothing to undo (401/403)."""
    require_role("contributor", "undo")
    actor = changes.actor_name()
    found = run(tx, "changes/last_changes_of", actor=actor)
    if not found or not found[0]["changes"]:
        raise NotFound("change to undo by", actor)
    undone = []
    # (label, id) -> properties of every node a creation's undo below took with it (a cycle its
    # experiments and their evidence): their own creations are undone by that same delete.
    went: dict[tuple[str, str], dict[str, Any]] = {}
    went_with_owner: list[tuple[str, str, dict[str, Any], str]] = []
    for change in sorted(found[0]["changes"], key=_owners_first):
        kind, id, op = change["kind"], change["entity"], change["op"]
        if kind == "link":
            undo_links.undo_influence(tx, change)
            undone.append({"change": change["id"], "kind": kind, "id": id, "op": op})
            continue
        label = _label(kind)
        if op in changes.RELATIONSHIP_OPS:
            undo_links.undo_relationships(tx, change, label)
        elif op == "delete":
            trash_id = trash.latest_for_request(tx, change["request_id"], id)
            if trash_id is None:
                raise Conflict("cannot_undo", f"{kind} {id!r} is no longer in the trash", change=change["id"])
            trash.restore_tx(tx, trash_id, op="undo", undoes=change["id"])
        elif change.get("before") is None and (label, id) in went:  # went with its owner, just now
            went_with_owner.append((kind, id, went[(label, id)], change["id"]))
        elif change.get("before") is None:  # a creation: to the trash
            if changes.touch(tx, kind, label, id, op="undo", check=False, undoes=change["id"]) is None:
                raise undo_links.cannot(change, "it is gone already (deleted since it was created)",
                                        reason="already_reversed")
            gone = trash.before_delete(tx, kind, label, id)
            run(tx, "changes/node_delete_owned", label=label, id=id)
            trash.after_delete(tx, gone)
            went.update(trash.nodes_of(gone))
        else:
            if changes.touch(tx, kind, label, id, op="undo", undoes=change["id"]) is None:
                raise Conflict("cannot_undo", f"{kind} {id!r} no longer exists", change=change["id"])
            _write_back(tx, label, id, json.loads(change["before"]))
        undone.append({"change": change["id"], "kind": kind, "id": id, "op": op})
    changes_bulk.record_undone(tx, went_with_owner)
    return {"undone": undone}


# An owner's creation is undone before what it owns (a cycle before its experiments, sessions and
# conditions; an experiment before its evidence; a system before its factors): the owner's delete
# takes them along into one trash entry, as deleting the owner would.
_OWNER_RANK = {"experiment": 1, "session": 1, "factor": 1, "cluster": 1,
               "evidence": 2, "decision": 2, "condition": 2}


def _owners_first(change: dict[str, Any]) -> int:
    return _OWNER_RANK.get(change["kind"], 0) if change.get("before") is None else 0


list_history = reads(list_history_tx)
restore_version = writes(restore_version_tx)
undo = writes(undo_tx)
list_trash = reads(trash.list_trash_tx)
restore_trash = writes(trash.restore_tx)

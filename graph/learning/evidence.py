"""Evidence an experiment yielded (``YIELDED``): quantitative (a ``value`` with a ``unit``) or
narrative (a story: ``text``), each with a ``sensitivity``.

Every function that answers evidence passes it through ``graph.learning.sensitivity.redact`` for the
caller (``graph.core.acting.current``), narrowed by ``viewer_cycle`` if one is named, so restricted
text never leaves here for someone who may not read it. Widening an item's sensitivity needs a
participant of its producing cycle or an admin, and is recorded (an ``AccessChange`` node).
Deleting evidence keeps the patterns derived from it (the answer lists
those left with none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.acting import current
from graph.core.db import reads, run, writes
from graph.core.errors import Forbidden, RuleBroken
from graph.learning import store
from graph.learning.access import reach_tx
from graph.learning.model import EvidenceKind, timestamp
from graph.learning.sensitivity import reader_tx, redact, widens

KIND = "evidence"
FIELDS = ("kind", "text", "value", "unit", "recorded_at", "sensitivity")


def _viewer(tx: ManagedTransaction, viewer_cycle: str | None):
    """The redaction for the caller narrowed by ``viewer_cycle`` (404 if it names no cycle)."""
    if viewer_cycle is not None:
        store.require(tx, "cycle", viewer_cycle, role="viewer_cycle")
    reader = reader_tx(tx)  # the caller's participations, read once for the whole page
    return lambda item: redact(item, item.get("cycle_id"), viewer_cycle, reader)


def get_evidence_tx(
    tx: ManagedTransaction, evidence_id: str, viewer_cycle: str | None = None,
) -> dict[str, Any]:
    """One evidence as ``viewer_cycle`` may see it."""
    return store.fetch_one(tx, KIND, evidence_id, _viewer(tx, viewer_cycle))


def list_evidence_tx(
    tx: ManagedTransaction, *, experiment: str | None = None, cycle: str | None = None,
    kind: str | None = None, sensitivity: str | None = None, viewer_cycle: str | None = None,
    limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of evidence in id order, filtered by experiment, producing cycle, kind, sensitivity."""
    return store.page(
        tx, KIND, limit=limit, offset=offset, shape=_viewer(tx, viewer_cycle),
        experiment=experiment, cycle=cycle, kind=kind, sensitivity=sensitivity,
    )


def refuse_missing_content(evidence_id: str, props: Mapping[str, Any]) -> None:
    """Quantitative evidence has a value; narrative evidence has a text."""
    needed = "value" if props.get("kind") == EvidenceKind.quantitative.value else "text"
    if props.get(needed) in (None, ""):
        raise RuleBroken(
            "evidence_kind_fields", f"{props.get('kind')} evidence needs a {needed}",
            id=evidence_id, kind=props.get("kind"), field=needed,
        )


def create_evidence_tx(
    tx: ManagedTransaction, experiment_id: str, data: Mapping[str, Any], viewer_cycle: str | None = None,
) -> dict[str, Any]:
    """Experiment ``experiment_id`` yielded new evidence ``{id?, kind, text?, value?, unit?,
    recorded_at?, sensitivity}`` (``recorded_at`` defaults to now)."""
    props = store.new_props(tx, KIND, data, FIELDS, owner=("experiment", experiment_id),
                            stamped=["recorded_at"])
    refuse_missing_content(props["id"], props)
    run(tx, "learning/evidence_create", experiment=experiment_id, props=props)
    return get_evidence_tx(tx, props["id"], viewer_cycle)


def update_evidence_tx(
    tx: ManagedTransaction, evidence_id: str, changes: Mapping[str, Any], viewer_cycle: str | None = None,
) -> dict[str, Any]:
    stored = store.fetch_one(tx, KIND, evidence_id)
    props = {k: v for k, v in changes.items() if k in FIELDS}
    refuse_missing_content(evidence_id, {**stored, **props})
    store.set_props(tx, KIND, evidence_id, props)
    new = props.get("sensitivity")
    if new and new != stored["sensitivity"]:
        _record_access_change(tx, stored, new)
    return get_evidence_tx(tx, evidence_id, viewer_cycle)


def _record_access_change(tx: ManagedTransaction, stored: Mapping[str, Any], new: str) -> None:
    """A change of who may read: widening needs a participant of the producing cycle or an admin
    (a steward above, who may edit the item, may not show it to more people); every change is kept
    as an append-only ``AccessChange`` (who, when, from, to)."""
    caller = current()
    if widens(stored["sensitivity"], new) and not caller.admin and \
            stored.get("cycle_id") not in reach_tx(tx).participates:
        raise Forbidden(
            f"role {caller.role} lacks widening evidence {stored['id']} from {stored['sensitivity']} to "
            f"{new}: only participants of its cycle {stored.get('cycle_id')} or an admin may",
            role=caller.role, actor=caller.actor_id, evidence=stored["id"], cycle=stored.get("cycle_id"),
        )
    run(tx, "learning/evidence_access_change", id=stored["id"], change={
        "at": timestamp(), "evidence_id": stored["id"], "from": stored["sensitivity"], "to": new,
        "actor_id": caller.actor_id, "role": caller.role, "via": caller.via,
        "request_id": caller.request_id})


def delete_evidence_tx(tx: ManagedTransaction, evidence_id: str) -> dict[str, Any]:
    return store.delete(tx, KIND, "learning/evidence_delete", evidence_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_evidence = reads(get_evidence_tx)
list_evidence = reads(list_evidence_tx)
create_evidence = writes(create_evidence_tx)
update_evidence = writes(update_evidence_tx)
delete_evidence = writes(delete_evidence_tx)

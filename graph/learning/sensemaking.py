"""What a cycle makes of its patterns: sensemaking sessions it ``HELD`` (actors ``ATTENDED``,
patterns ``SURFACED_IN``) and decisions it ``DECIDED`` (``INFORMED_BY`` patterns): adopt, adapt,
abandon, embed, influence. Deleting either removes only its own links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run, writes
from graph.learning import store
from graph.learning.store import link

SESSION_FIELDS = ("held_at", "notes")
DECISION_FIELDS = ("kind", "rationale", "decided_at")


# --- sensemaking sessions --------------------------------------------------------------------


def get_session_tx(tx: ManagedTransaction, session_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, "session", session_id)


def list_sessions_tx(
    tx: ManagedTransaction, *, cycle: str | None = None, limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    return store.page(tx, "session", limit=limit, offset=offset, cycle=cycle)


def create_session_tx(tx: ManagedTransaction, cycle_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Cycle ``cycle_id`` held a session ``{id?, held_at?, notes?, attendees: [actor ids],
    patterns: [pattern ids]}`` (``held_at`` defaults to now)."""
    props = store.new_props(tx, "session", data, SESSION_FIELDS, owner=("cycle", cycle_id),
                            stamped=["held_at"])
    attendees, patterns = data.get("attendees") or [], data.get("patterns") or []
    store.require(tx, "actor", *attendees, role="attendee")
    store.require(tx, "pattern", *patterns, role="surfaced")
    run(tx, "learning/session_create", cycle=cycle_id, props=props)
    store.link_each(tx, "learning/session_attendee_add", props["id"], "actor", attendees)
    store.link_each(tx, "learning/session_pattern_add", props["id"], "pattern", patterns)
    return get_session_tx(tx, props["id"])


def update_session_tx(tx: ManagedTransaction, session_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    return store.update(tx, "session", session_id, changes, SESSION_FIELDS)


def delete_session_tx(tx: ManagedTransaction, session_id: str) -> dict[str, Any]:
    return store.delete(tx, "session", "learning/session_delete", session_id)


def add_attendee_tx(tx: ManagedTransaction, session_id: str, actor_id: str) -> dict[str, Any]:
    return link(tx, "session", session_id, "actor", actor_id, "learning/session_attendee_add", actor=actor_id)


def remove_attendee_tx(tx: ManagedTransaction, session_id: str, actor_id: str) -> dict[str, Any]:
    return link(tx, "session", session_id, "actor", actor_id, "learning/session_attendee_remove",
                actor=actor_id)


def add_surfaced_pattern_tx(tx: ManagedTransaction, session_id: str, pattern_id: str) -> dict[str, Any]:
    return link(tx, "session", session_id, "pattern", pattern_id, "learning/session_pattern_add",
                pattern=pattern_id)


def remove_surfaced_pattern_tx(tx: ManagedTransaction, session_id: str, pattern_id: str) -> dict[str, Any]:
    return link(tx, "session", session_id, "pattern", pattern_id, "learning/session_pattern_remove",
                pattern=pattern_id)


# --- decisions -------------------------------------------------------------------------------


def get_decision_tx(tx: ManagedTransaction, decision_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, "decision", decision_id)


def list_decisions_tx(
    tx: ManagedTransaction, *, cycle: str | None = None, kind: str | None = None,
    limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    return store.page(tx, "decision", limit=limit, offset=offset, cycle=cycle, kind=kind)


def create_decision_tx(tx: ManagedTransaction, cycle_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Cycle ``cycle_id`` decided ``{id?, kind, rationale?, decided_at?, informed_by: [pattern ids]}``
    (``decided_at`` defaults to now)."""
    props = store.new_props(tx, "decision", data, DECISION_FIELDS, name=data.get("kind"),
                            owner=("cycle", cycle_id), stamped=["decided_at"])
    informed_by = data.get("informed_by") or []
    store.require(tx, "pattern", *informed_by, role="informed_by")
    run(tx, "learning/decision_create", cycle=cycle_id, props=props)
    store.link_each(tx, "learning/decision_pattern_add", props["id"], "pattern", informed_by)
    return get_decision_tx(tx, props["id"])


def update_decision_tx(
    tx: ManagedTransaction, decision_id: str, changes: Mapping[str, Any],
) -> dict[str, Any]:
    return store.update(tx, "decision", decision_id, changes, DECISION_FIELDS)


def delete_decision_tx(tx: ManagedTransaction, decision_id: str) -> dict[str, Any]:
    return store.delete(tx, "decision", "learning/decision_delete", decision_id)


def add_informing_pattern_tx(tx: ManagedTransaction, decision_id: str, pattern_id: str) -> dict[str, Any]:
    return link(tx, "decision", decision_id, "pattern", pattern_id, "learning/decision_pattern_add",
                pattern=pattern_id)


def remove_informing_pattern_tx(tx: ManagedTransaction, decision_id: str, pattern_id: str) -> dict[str, Any]:
    return link(tx, "decision", decision_id, "pattern", pattern_id, "learning/decision_pattern_remove",
                pattern=pattern_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_session = reads(get_session_tx)
list_sessions = reads(list_sessions_tx)
create_session = writes(create_session_tx)
update_session = writes(update_session_tx)
delete_session = writes(delete_session_tx)
add_attendee = writes(add_attendee_tx)
remove_attendee = writes(remove_attendee_tx)
add_surfaced_pattern = writes(add_surfaced_pattern_tx)
remove_surfaced_pattern = writes(remove_surfaced_pattern_tx)
get_decision = reads(get_decision_tx)
list_decisions = reads(list_decisions_tx)
create_decision = writes(create_decision_tx)
update_decision = writes(update_decision_tx)
delete_decision = writes(delete_decision_tx)
add_informing_pattern = writes(add_informing_pattern_tx)
remove_informing_pattern = writes(remove_informing_pattern_tx)

"""Learning cycles (guide §2.1): create one with its five elements, read, list, change and delete.

A cycle runs at one scale (``AT_SCALE``). It is created with the five ``CycleElement`` nodes
(``<cycle id>:<kind>``, status ``not_started``), whose status and notes are then set one at a time,
so several can run at once (guide §3.3, "messiness").

Deleting a cycle that lower cycles feed into is refused (409 ``cycle_has_lower_cycles``) unless
``detach`` is asked for. A delete takes with it everything that would dangle: the elements, the
experiments and their evidence, the sensemaking sessions it held, its decisions and the conditions
it raised. Patterns are kept even when left with no evidence (still readable, ``derived_from``
empty); the answer lists them, with the lower cycles detached and the counts deleted per label.
Links (feeds-into, peers, participants, explores) are in ``graph.learning.links``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.acting import current as current_caller
from graph.core.changes import rule_lock
from graph.core.db import reads, run, writes
from graph.core.errors import Conflict, NotFound, RuleBroken
from graph.learning import store
from graph.learning.access import require_admin_for, require_write, require_write_on
from graph.learning.model import CycleStatus, ElementKind, timestamp

KIND = "cycle"
ELEMENT_ORDER = {kind.value: position for position, kind in enumerate(ElementKind)}
CYCLE_FIELDS = ("name", "purpose", "status")


def shape(cycle: dict[str, Any]) -> dict[str, Any]:
    """A cycle as answered: elements in the guide's order."""
    cycle["elements"] = sorted(cycle["elements"], key=lambda e: ELEMENT_ORDER.get(e["kind"], 99))
    return cycle


def get_cycle_tx(tx: ManagedTransaction, cycle_id: str, **details: Any) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, cycle_id, shape, **details)


def list_cycles_tx(
    tx: ManagedTransaction, *, scale: str | None = None, status: str | None = None,
    limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of cycles in id order, optionally only those at ``scale`` and/or with ``status``."""
    return store.page(tx, KIND, limit=limit, offset=offset, shape=shape, scale=scale, status=status)


def create_cycle_tx(tx: ManagedTransaction, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new cycle ``{id?, name, purpose?, status?, scale}`` with its five elements."""
    props = store.new_props(
        tx, KIND, data, (*CYCLE_FIELDS, "created_at"), name=data["name"], owner=("scale", data["scale"]),
        defaults={"status": CycleStatus.planned.value}, stamped=["created_at"],
    )
    run(tx, "learning/cycle_create", props=props, scale=data["scale"],
        element_kinds=[k.value for k in ElementKind])
    caller = current_caller()
    if not caller.admin and caller.actor_id:
        # Whoever starts a cycle takes part in it, so they may go on writing within it.
        run(tx, "learning/cycle_participant_set", id=props["id"], actor=caller.actor_id,
            role="steward" if caller.role == "steward" else "practitioner")
    return get_cycle_tx(tx, props["id"])


def scale_move_violations(
    tx: ManagedTransaction, cycle: Mapping[str, Any], new_scale: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What moving ``cycle`` to ``new_scale`` would break: FEEDS_INTO links that would stop climbing,
    and PEER_OF links that would cross scales."""
    new_level = store.fetch_one(tx, "scale", new_scale)["level"]
    neighbours = cycle["feeds_into"] + cycle["fed_by"] + cycle["peers"]
    levels = {row["id"]: row for row in run(tx, "learning/cycle_levels", ids=neighbours)}
    feeds = [
        {"lower": cycle["id"], "upper": up, "lower_level": new_level, "upper_level": levels[up]["level"]}
        for up in cycle["feeds_into"] if levels[up]["level"] <= new_level
    ] + [
        {"lower": low, "upper": cycle["id"], "lower_level": levels[low]["level"], "upper_level": new_level}
        for low in cycle["fed_by"] if levels[low]["level"] >= new_level
    ]
    peers = [
        {"cycle": cycle["id"], "peer": peer, "peer_scale": levels[peer]["scale"], "scale": new_scale}
        for peer in cycle["peers"] if levels[peer]["scale"] != new_scale
    ]
    return feeds, peers


def update_cycle_tx(tx: ManagedTransaction, cycle_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Change name, purpose, status and/or scale. Moving scale keeps the rules: every FEEDS_INTO
    still climbs, every peer still shares the scale."""
    require_write_on(tx, KIND, cycle_id, "change")
    store.touch(tx, KIND, cycle_id)  # locked first: the checks below read what this change replaces
    current = get_cycle_tx(tx, cycle_id)
    new_scale = changes.get("scale")
    if new_scale and new_scale != current["scale"]:
        # The FEEDS_INTO rule's lock (graph.learning.links): a link being added to this cycle meanwhile
        # would otherwise be checked against the old scale and no longer climb after the move.
        rule_lock(tx, "FEEDS_INTO")
        feeds, peers = scale_move_violations(tx, current, new_scale)
        if feeds:
            raise RuleBroken(
                "feeds_into_scale_order",
                f"at scale {new_scale!r}, cycle {cycle_id!r} would break the climb of its FEEDS_INTO links",
                id=cycle_id, scale=new_scale, links=feeds,
            )
        if peers:
            raise RuleBroken(
                "peer_same_scale",
                f"at scale {new_scale!r}, cycle {cycle_id!r} would no longer share a scale with its peers",
                id=cycle_id, scale=new_scale, peers=[p["peer"] for p in peers],
            )
        run(tx, "learning/cycle_set_scale", id=cycle_id, scale=new_scale)
    props = {k: v for k, v in changes.items() if k in CYCLE_FIELDS}
    if props:
        store.set_props(tx, KIND, cycle_id, props)
    return get_cycle_tx(tx, cycle_id)


def delete_cycle_tx(tx: ManagedTransaction, cycle_id: str, detach: bool = False) -> dict[str, Any]:
    """Delete a cycle and what would dangle without it (see the module doc); ``detach`` is an
    admin's."""
    if detach:
        require_admin_for("delete a cycle with detach")
    require_write_on(tx, KIND, cycle_id, "delete")
    store.touch(tx, KIND, cycle_id, op="delete")
    current = get_cycle_tx(tx, cycle_id)
    if current["fed_by"] and not detach:
        raise Conflict(
            "cycle_has_lower_cycles",
            f"cycles {', '.join(current['fed_by'])} feed into {cycle_id!r}; delete with detach=true "
            "to cut those links too",
            id=cycle_id, fed_by=current["fed_by"],
        )
    return store.delete(tx, KIND, "learning/cycle_delete", cycle_id)


def list_elements_tx(tx: ManagedTransaction, cycle_id: str) -> list[dict[str, Any]]:
    return get_cycle_tx(tx, cycle_id)["elements"]


def update_element_tx(
    tx: ManagedTransaction, cycle_id: str, kind: str, changes: Mapping[str, Any],
) -> dict[str, Any]:
    """Set one element's status and/or notes; the others are untouched."""
    if kind not in ELEMENT_ORDER:
        raise RuleBroken("element_kind", f"{kind!r} is not an element kind", kind=kind,
                         allowed=list(ELEMENT_ORDER))
    store.require(tx, KIND, cycle_id)
    require_write(tx, cycle_id, "change elements")
    store.touch(tx, "element", f"{cycle_id}:{kind}")
    props = {k: v for k, v in changes.items() if k in ("status", "notes")}
    rows = run(tx, "learning/element_update", cycle=cycle_id, kind=kind,
               props={**props, "updated_at": timestamp()})
    if not rows:
        raise NotFound("element", f"{cycle_id}:{kind}", cycle=cycle_id)
    return next(e for e in list_elements_tx(tx, cycle_id) if e["kind"] == kind)  # with its new version


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_cycle = reads(get_cycle_tx)
list_cycles = reads(list_cycles_tx)
create_cycle = writes(create_cycle_tx)
update_cycle = writes(update_cycle_tx)
delete_cycle = writes(delete_cycle_tx)
list_elements = reads(list_elements_tx)
update_element = writes(update_element_tx)

"""Enabling (guide §2.3, second question): conditions a cycle ``RAISED`` — enablers to nurture and
barriers to remove — what each ``BLOCKS`` (a barrier) or ``SUPPORTS`` (an enabler) among experiments
and cycles, and the cycles that ``ACTS_ON {action}`` them.

Rules (422): a barrier only blocks and an enabler only supports (``effect_matches_kind``); ``nurture``
acts on an enabler and ``remove`` on a barrier (``action_matches_kind``); a target id that is both an
experiment and a cycle must be disambiguated (``ambiguous_target``); ``resolved_by`` goes with status
``resolved`` (``resolved_by_needs_resolved``). Resolving stores ``resolved_at`` (now, unless given)
and optionally ``resolved_by`` (a cycle id); re-opening clears both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run, writes
from graph.core.errors import NotFound, RuleBroken
from graph.learning import store
from graph.learning.access import require_write, require_write_on
from graph.learning.model import Action, ConditionEffect, ConditionKind, ConditionStatus, timestamp

KIND = "condition"
FIELDS = ("kind", "description", "status", "raised_at", "resolved_at", "resolved_by")
# Which effect and which action fit each kind of condition.
EFFECT_OF = {ConditionKind.barrier.value: ConditionEffect.blocks.value,
             ConditionKind.enabler.value: ConditionEffect.supports.value}
ACTION_ON = {ConditionKind.barrier.value: Action.remove.value,
             ConditionKind.enabler.value: Action.nurture.value}
ADD_QUERY = {ConditionEffect.blocks.value: "learning/condition_blocks_add",
             ConditionEffect.supports.value: "learning/condition_supports_add"}
TARGET_KINDS = {"Experiment": "experiment", "LearningCycle": "cycle"}


def get_condition_tx(tx: ManagedTransaction, condition_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, condition_id)


def list_conditions_tx(
    tx: ManagedTransaction, *, cycle: str | None = None, kind: str | None = None,
    status: str | None = None, acted_on_by: str | None = None,
    limit: int = store.DEFAULT_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """A page of conditions in id order, filtered by raising cycle, kind, status, acting cycle."""
    return store.page(tx, KIND, limit=limit, offset=offset, cycle=cycle, kind=kind, status=status,
                      acted_on_by=acted_on_by)


def _target_kinds(tx: ManagedTransaction, effect: str, target_ids: Iterable[str]) -> dict[str, str]:
    """Each target id -> ``experiment`` or ``cycle`` (404 if neither, 422 if both)."""
    found = store.labels_by_id(tx, target_ids)
    kinds: dict[str, str] = {}
    for target_id, labels in found.items():
        matches = [TARGET_KINDS[label] for label in labels if label in TARGET_KINDS]
        if not matches:
            raise NotFound("experiment or cycle", target_id, role=effect.lower())
        if len(matches) > 1:
            raise RuleBroken(
                "ambiguous_target", f"{target_id!r} is both an experiment and a cycle", id=target_id,
            )
        kinds[target_id] = matches[0]
    return kinds


def refuse_wrong_effect(condition_id: str, kind: str, effect: str) -> None:
    if EFFECT_OF[kind] != effect:
        raise RuleBroken(
            "effect_matches_kind", f"a {kind} {EFFECT_OF[kind]} what it affects; it cannot {effect}",
            id=condition_id, kind=kind, effect=effect,
        )


def _add_effects(
    tx: ManagedTransaction, condition_id: str, kind: str, effect: str, targets: list[str],
) -> None:
    if not targets:
        return
    refuse_wrong_effect(condition_id, kind, effect)
    for target_id, target_kind in _target_kinds(tx, effect, dict.fromkeys(targets)).items():
        run(tx, ADD_QUERY[effect], id=condition_id, target=target_id, target_kind=target_kind)


def create_condition_tx(tx: ManagedTransaction, cycle_id: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Cycle ``cycle_id`` raised ``{id?, kind, description, status?, raised_at?, resolved_by?,
    blocks: [ids], supports: [ids]}`` (experiment or cycle ids)."""
    props = store.new_props(tx, KIND, data, FIELDS, name=data.get("description"), owner=("cycle", cycle_id),
                            defaults={"status": ConditionStatus.open.value}, stamped=["raised_at"])
    identity = props["id"]
    props.update(_resolution(tx, identity, {}, props))
    run(tx, "learning/condition_create", cycle=cycle_id, props=props)
    for effect, field in ((ConditionEffect.blocks, "blocks"), (ConditionEffect.supports, "supports")):
        _add_effects(tx, identity, props["kind"], effect.value, list(data.get(field) or []))
    return get_condition_tx(tx, identity)


def refuse_resolved_by_unless_resolved(
    condition_id: str, status: str | None, resolved_by: str | None,
) -> None:
    """``resolved_by`` goes only with status ``resolved`` (the single writes and the bulk path)."""
    if status != ConditionStatus.resolved.value and resolved_by is not None:
        raise RuleBroken(
            "resolved_by_needs_resolved", f"resolved_by is set only with status resolved, not {status}",
            id=condition_id, condition_status=status, resolved_by=resolved_by,
        )


def refuse_wrong_action(cycle_id: str, condition_id: str, kind: str, action: str) -> None:
    """``nurture`` acts on an enabler, ``remove`` on a barrier."""
    if ACTION_ON[kind] != action:
        raise RuleBroken(
            "action_matches_kind", f"a {kind} is acted on with {ACTION_ON[kind]!r}, not {action!r}",
            cycle=cycle_id, condition=condition_id, kind=kind, action=action,
        )


def _resolution(
    tx: ManagedTransaction, condition_id: str, current: Mapping[str, Any], changes: Mapping[str, Any],
) -> dict[str, Any]:
    """``resolved_at`` and ``resolved_by`` for the status the condition is about to have."""
    status = changes.get("status") or current.get("status")
    if status != ConditionStatus.resolved.value:
        refuse_resolved_by_unless_resolved(condition_id, status, changes.get("resolved_by"))
        return {"resolved_at": None, "resolved_by": None}
    resolved_by = changes["resolved_by"] if "resolved_by" in changes else current.get("resolved_by")
    if resolved_by is not None:
        store.require(tx, "cycle", resolved_by, role="resolved_by")
    # An already resolved condition keeps its date unless a new one is given.
    kept = current.get("resolved_at") if current.get("status") == ConditionStatus.resolved.value else None
    return {"resolved_at": changes.get("resolved_at") or kept or timestamp(), "resolved_by": resolved_by}


def update_condition_tx(
    tx: ManagedTransaction, condition_id: str, changes: Mapping[str, Any],
) -> dict[str, Any]:
    """Change description, status (open, acting, resolved) and/or resolved_by / resolved_at."""
    store.touch(tx, KIND, condition_id)  # locked first: the resolution reads what this replaces
    current = get_condition_tx(tx, condition_id)
    props = {k: v for k, v in changes.items() if k in FIELDS and k != "kind"}
    props.update(_resolution(tx, condition_id, current, changes))
    store.set_props(tx, KIND, condition_id, props)
    return get_condition_tx(tx, condition_id)


def delete_condition_tx(tx: ManagedTransaction, condition_id: str) -> dict[str, Any]:
    return store.delete(tx, KIND, "learning/condition_delete", condition_id)


def add_effect_tx(tx: ManagedTransaction, condition_id: str, effect: str, target_id: str) -> dict[str, Any]:
    """The condition ``BLOCKS`` or ``SUPPORTS`` (``effect``) the experiment or cycle ``target_id``."""
    require_write_on(tx, KIND, condition_id, "link")
    store.touch(tx, KIND, condition_id, op="link", effect=effect, other=target_id)
    current = get_condition_tx(tx, condition_id)
    _add_effects(tx, condition_id, current["kind"], effect, [target_id])
    return get_condition_tx(tx, condition_id)


def remove_effect_tx(
    tx: ManagedTransaction, condition_id: str, effect: str, target_id: str,
) -> dict[str, Any]:
    require_write_on(tx, KIND, condition_id, "unlink")
    store.require(tx, KIND, condition_id)
    store.touch(tx, KIND, condition_id, op="unlink", effect=effect, other=target_id)
    _target_kinds(tx, effect, [target_id])
    run(tx, "learning/condition_effect_remove", id=condition_id, type=effect, target=target_id)
    return get_condition_tx(tx, condition_id)


def set_acts_on_tx(tx: ManagedTransaction, cycle_id: str, condition_id: str, action: str) -> dict[str, Any]:
    """Cycle ``cycle_id`` acts on the condition: ``nurture`` an enabler or ``remove`` a barrier."""
    store.require(tx, "cycle", cycle_id)
    require_write(tx, cycle_id, "act on conditions")
    # the answer is the condition: its version is the one If-Match names and this change bumps
    store.touch(tx, KIND, condition_id, op="link", acted_on_by=cycle_id)
    store.touch(tx, KIND, condition_id, was=_action(tx, cycle_id, condition_id))  # read under the lock
    current = store.fetch_one(tx, KIND, condition_id)
    refuse_wrong_action(cycle_id, condition_id, current["kind"], action)
    run(tx, "learning/cycle_acts_on_set", cycle=cycle_id, condition=condition_id, action=action)
    return get_condition_tx(tx, condition_id)


def _action(tx: ManagedTransaction, cycle_id: str, condition_id: str) -> str | None:
    """The action ``cycle_id`` takes on the condition now: its history keeps it, for undo."""
    return run(tx, "changes/acting_action", id=condition_id, other=cycle_id)[0]["value"]


def remove_acts_on_tx(tx: ManagedTransaction, cycle_id: str, condition_id: str) -> dict[str, Any]:
    store.require(tx, "cycle", cycle_id)
    require_write(tx, cycle_id, "act on conditions")
    store.require(tx, KIND, condition_id)
    store.touch(tx, KIND, condition_id, op="unlink", acted_on_by=cycle_id)
    store.touch(tx, KIND, condition_id, was=_action(tx, cycle_id, condition_id))  # read under the lock
    run(tx, "learning/cycle_acts_on_remove", cycle=cycle_id, condition=condition_id)
    return get_condition_tx(tx, condition_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

get_condition = reads(get_condition_tx)
list_conditions = reads(list_conditions_tx)
create_condition = writes(create_condition_tx)
update_condition = writes(update_condition_tx)
delete_condition = writes(delete_condition_tx)
add_effect = writes(add_effect_tx)
remove_effect = writes(remove_effect_tx)
set_acts_on = writes(set_acts_on_tx)
remove_acts_on = writes(remove_acts_on_tx)

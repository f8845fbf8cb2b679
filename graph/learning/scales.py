"""System scales (guide §2.2) as data: list, add, rename, move and reorder them, keeping a strict
order (unique levels) that every ``FEEDS_INTO`` link still climbs.

A scale's level can move only where no scale holds the new level (409 ``level_taken``) and where every
existing vertical link still goes from a lower level to a strictly higher one (422
``feeds_into_scale_order``, naming the links). ``reorder_scales`` assigns levels 1..n in one go.
``PEER_OF`` cannot cross scales through a level change: peers share one scale node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes, trash
from graph.core.db import reads, run, writes
from graph.core.errors import Conflict, RuleBroken
from graph.learning import store
from graph.learning.access import require_admin_for

KIND = "scale"
# Levels are positions in a short order; the cap keeps them far inside the 64-bit integers Neo4j
# stores, so an absurd level is refused by name instead of failing in the driver.
MAX_LEVEL = 1_000_000


def list_scales_tx(
    tx: ManagedTransaction, *, limit: int = store.MAX_LIMIT, offset: int = 0,
) -> dict[str, Any]:
    """Every scale, lowest level first, with how many cycles run at each."""
    return store.page(tx, KIND, limit=limit, offset=offset)


def get_scale_tx(tx: ManagedTransaction, scale_id: str) -> dict[str, Any]:
    return store.fetch_one(tx, KIND, scale_id)


def _refuse_taken_level(tx: ManagedTransaction, level: int, scale_id: str) -> None:
    holders = [row["id"] for row in run(tx, "learning/scale_at_level", level=level) if row["id"] != scale_id]
    if holders:
        raise Conflict(
            "level_taken", f"level {level} is held by scale {holders[0]!r}; scale levels are unique",
            level=level, scale=holders[0], id=scale_id,
        )


def _refuse_order_violations(tx: ManagedTransaction, levels: Mapping[str, int]) -> None:
    """422 if the scales taking ``levels`` would make any FEEDS_INTO link go down or sideways."""
    broken = run(tx, "learning/scale_order_violations", levels=dict(levels))
    if broken:
        pairs = ", ".join(f"{b['lower']} -> {b['upper']}" for b in broken[:10])
        raise RuleBroken(
            "feeds_into_scale_order",
            f"these levels would make FEEDS_INTO go from a level to an equal or lower one: {pairs}",
            links=broken, levels=dict(levels),
        )


def create_scale_tx(tx: ManagedTransaction, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new scale ``{id?, name, level}``; the id defaults to a slug of the name."""
    require_admin_for("create scales")
    props = store.new_props(tx, KIND, data, ("name", "level"), name=data["name"])
    _refuse_taken_level(tx, data["level"], props["id"])
    run(tx, "learning/scale_create", props=props)
    return get_scale_tx(tx, props["id"])


def update_scale_tx(tx: ManagedTransaction, scale_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Rename a scale and/or move it to another free level that keeps every link climbing."""
    require_admin_for("change scales")
    store.touch(tx, KIND, scale_id)
    current = get_scale_tx(tx, scale_id)
    level = changes.get("level")
    if level is not None and level != current["level"]:
        _refuse_taken_level(tx, level, scale_id)
        _refuse_order_violations(tx, {scale_id: level})
    props = {k: v for k, v in changes.items() if k in ("name", "level") and v is not None}
    if props:
        store.set_props(tx, KIND, scale_id, props)
    return get_scale_tx(tx, scale_id)


def reorder_scales_tx(tx: ManagedTransaction, ordered_ids: list[str]) -> dict[str, Any]:
    """Give the scales levels 1..n in the order of ``ordered_ids`` (every scale, once each)."""
    require_admin_for("reorder scales")
    present = [item["id"] for item in list_scales_tx(tx)["items"]]
    # Counts and sets, not list.count / `in list`: linear in the request, whatever its length.
    duplicates = sorted(i for i, n in Counter(ordered_ids).items() if n > 1)
    known, asked = set(present), set(ordered_ids)
    unknown = [i for i in ordered_ids if i not in known]
    left_out = [i for i in present if i not in asked]
    if duplicates or unknown or left_out:
        raise RuleBroken(
            "scale_order_complete", "the new order must name every scale exactly once",
            duplicates=duplicates, unknown=unknown, missing=left_out,
        )
    levels = {scale_id: position for position, scale_id in enumerate(ordered_ids, start=1)}
    for scale_id in ordered_ids:
        changes.touch(tx, KIND, store.LABELS[KIND], scale_id, check=False)
    _refuse_order_violations(tx, levels)
    # Levels are unique at every statement, so step through negative levels nobody holds.
    run(tx, "learning/scale_set_levels", levels={k: -v for k, v in levels.items()})
    run(tx, "learning/scale_set_levels", levels=levels)
    return list_scales_tx(tx)


def delete_scale_tx(tx: ManagedTransaction, scale_id: str) -> dict[str, Any]:
    """Delete a scale no cycle runs at (409 ``scale_in_use`` naming the cycles otherwise)."""
    require_admin_for("delete scales")
    store.touch(tx, KIND, scale_id, op="delete")
    current = get_scale_tx(tx, scale_id)
    if current["cycles"]:
        cycles = store.page(tx, "cycle", limit=20, offset=0, scale=scale_id, status=None)
        raise Conflict(
            "scale_in_use", f"{current['cycles']} learning cycle(s) run at scale {scale_id!r}",
            id=scale_id, cycles=[c["id"] for c in cycles["items"]], cycle_count=current["cycles"],
        )
    gone = trash.before_delete(tx, KIND, store.LABELS[KIND], scale_id)
    run(tx, "learning/scale_delete", id=scale_id)
    trash.after_delete(tx, gone)
    return store.deleted({"deleted": {"Scale": 1}})


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

list_scales = reads(list_scales_tx)
get_scale = reads(get_scale_tx)
create_scale = writes(create_scale_tx)
update_scale = writes(update_scale_tx)
reorder_scales = writes(reorder_scales_tx)
delete_scale = writes(delete_scale_tx)

"""How learning cycles connect (guide §2.3): vertically (``FEEDS_INTO``, from a lower scale level to a
strictly higher one, never in a loop: the vertical graph is a DAG), horizontally (``PEER_OF``, within
one scale, stored one way and read both ways), to the people in them (``PARTICIPATES_IN {role}``) and
to the outcome systems they explore (``EXPLORES``).

Every ``link_*`` is idempotent and checks its rules in the same transaction before writing:
``no_self_link``, ``no_vertical_loop``, ``feeds_into_scale_order``, ``peer_same_scale`` (422), and
404 naming the id (and its role) that does not exist. Each answers the cycle as it now is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes
from graph.core.db import run, writes
from graph.core.errors import RuleBroken
from graph.learning import store
from graph.learning.access import require_write_on
from graph.learning.cycles import KIND, get_cycle_tx, shape


def refuse_self_link(link: str, a: str, b: str, kind: str = KIND) -> None:
    if a == b:
        raise RuleBroken("no_self_link", f"a {kind} cannot be linked to itself by {link}", id=a, link=link)


def vertical_loop(lower_id: str, upper_id: str, path: list[str]) -> RuleBroken:
    """The refusal of a FEEDS_INTO link that would close a loop (``path`` leads from upper to lower)."""
    return RuleBroken(
        "no_vertical_loop",
        f"{upper_id!r} already feeds (through {' -> '.join(path)}) into {lower_id!r}; "
        "the link would close a loop",
        lower=lower_id, upper=upper_id, path=path,
    )


def refuse_scale_order(lower_id: str, upper_id: str, low: Mapping[str, Any], up: Mapping[str, Any]) -> None:
    """FEEDS_INTO climbs: ``low`` and ``up`` are ``{scale, level}`` of the two cycles."""
    if low["level"] >= up["level"]:
        raise RuleBroken(
            "feeds_into_scale_order",
            f"FEEDS_INTO must go from a lower scale level to a strictly higher one: {lower_id!r} is at "
            f"{low['scale']} (level {low['level']}), {upper_id!r} at {up['scale']} (level {up['level']})",
            lower=lower_id, upper=upper_id, lower_scale=low["scale"], upper_scale=up["scale"],
            lower_level=low["level"], upper_level=up["level"],
        )


def refuse_cross_scale_peer(cycle_id: str, peer_id: str, scale: str, peer_scale: str) -> None:
    """PEER_OF links cycles at one scale."""
    if scale != peer_scale:
        raise RuleBroken(
            "peer_same_scale",
            f"PEER_OF links cycles at one scale: {cycle_id!r} is at {scale}, {peer_id!r} at {peer_scale}",
            id=cycle_id, peer=peer_id, scale=scale, peer_scale=peer_scale,
        )


def _levels(tx: ManagedTransaction, *cycle_ids: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in run(tx, "learning/cycle_levels", ids=list(cycle_ids))}


def link_feeds_into_tx(tx: ManagedTransaction, lower_id: str, upper_id: str) -> dict[str, Any]:
    """``lower`` feeds into ``upper``: a lower scale level into a strictly higher one, no loop."""
    require_write_on(tx, KIND, lower_id, "link")
    store.require(tx, KIND, lower_id, role="lower")
    store.require(tx, KIND, upper_id, role="upper")
    refuse_self_link("FEEDS_INTO", lower_id, upper_id)
    # One lock for the rule (see experiments.link_next_iteration_tx): no two loop checks interleave.
    changes.rule_lock(tx, "FEEDS_INTO")
    store.touch(tx, KIND, lower_id, op="link", query="cycle_feeds_into_add", other=upper_id)
    loop = run(tx, "learning/cycle_feeds_into_path", **{"from": upper_id, "to": lower_id})
    if loop:
        raise vertical_loop(lower_id, upper_id, loop[0]["ids"])
    levels = _levels(tx, lower_id, upper_id)
    refuse_scale_order(lower_id, upper_id, levels[lower_id], levels[upper_id])
    run(tx, "learning/cycle_feeds_into_add", lower=lower_id, upper=upper_id)
    return get_cycle_tx(tx, lower_id)


def unlink_feeds_into_tx(tx: ManagedTransaction, lower_id: str, upper_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, lower_id, KIND, upper_id, "learning/cycle_feeds_into_remove", shape=shape,
                      roles=("lower", "upper"), upper=upper_id)


def link_peers_tx(tx: ManagedTransaction, cycle_id: str, peer_id: str) -> dict[str, Any]:
    """``cycle`` and ``peer`` learn side by side at one scale (one PEER_OF link, either direction)."""
    require_write_on(tx, KIND, cycle_id, "link")
    store.require(tx, KIND, cycle_id, role="cycle")
    store.require(tx, KIND, peer_id, role="peer")
    refuse_self_link("PEER_OF", cycle_id, peer_id)
    store.touch(tx, KIND, cycle_id, op="link", query="cycle_peer_add", other=peer_id)
    levels = _levels(tx, cycle_id, peer_id)
    refuse_cross_scale_peer(cycle_id, peer_id, levels[cycle_id]["scale"], levels[peer_id]["scale"])
    run(tx, "learning/cycle_peer_add", id=cycle_id, peer=peer_id)
    return get_cycle_tx(tx, cycle_id)


def unlink_peers_tx(tx: ManagedTransaction, cycle_id: str, peer_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, cycle_id, KIND, peer_id, "learning/cycle_peer_remove", shape=shape,
                      roles=("cycle", "peer"), peer=peer_id)


def set_participant_tx(tx: ManagedTransaction, cycle_id: str, actor_id: str, role: str) -> dict[str, Any]:
    """``actor`` takes part in ``cycle`` with ``role`` (replacing any role it had there)."""
    return store.link(tx, KIND, cycle_id, "actor", actor_id, "learning/cycle_participant_set", shape=shape,
                      actor=actor_id, role=role)


def remove_participant_tx(tx: ManagedTransaction, cycle_id: str, actor_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, cycle_id, "actor", actor_id, "learning/cycle_participant_remove", shape=shape,
                      actor=actor_id)


def link_explores_tx(tx: ManagedTransaction, cycle_id: str, system_id: str) -> dict[str, Any]:
    """``cycle`` explores the outcome system ``system`` (which must exist)."""
    return store.link(tx, KIND, cycle_id, "outcome_system", system_id, "learning/cycle_explores_add",
                      shape=shape,
                      system=system_id)


def unlink_explores_tx(tx: ManagedTransaction, cycle_id: str, system_id: str) -> dict[str, Any]:
    return store.link(tx, KIND, cycle_id, "outcome_system", system_id, "learning/cycle_explores_remove",
                      shape=shape,
                      system=system_id)


# --- the public forms: each owns its transaction (graph.core.db.reads / writes) ----------

link_feeds_into = writes(link_feeds_into_tx)
unlink_feeds_into = writes(unlink_feeds_into_tx)
link_peers = writes(link_peers_tx)
unlink_peers = writes(unlink_peers_tx)
set_participant = writes(set_participant_tx)
remove_participant = writes(remove_participant_tx)
link_explores = writes(link_explores_tx)
unlink_explores = writes(unlink_explores_tx)

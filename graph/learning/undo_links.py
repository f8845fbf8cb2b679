"""Undo of a change of relationships (``POST /undo``, ``graph.learning.history``): a link made is
removed, a link removed is made again — by the same domain write a client would send (its rules
re-run: the iteration and vertical loop checks under their rule lock, scale order, roles, access),
recorded as a change that ``undoes`` the first one.

What it cannot undo answers 409 ``cannot_undo`` naming why: an end that is gone or a rule that now
refuses (the reverse write's own refusal, quoted), a relationship that already is as the undo would
leave it, or a valued relationship changed before its history kept the value it replaced.

A relationship that carries a value — a participant's role, a derivation's stance, an acting
cycle's action — is given back the value it had (its change records it as ``was``): a new one is
removed, a replaced or removed one set again.

An INFLUENCES link of an outcome-system map (kind ``link``) is undone as an entity: a creation is
deleted, a deletion re-created with its properties (both factors must still exist), an update
written back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes
from graph.core.db import run
from graph.core.errors import AppError, Conflict
from graph.core.roles import require_role
from graph.learning import conditions, experiments, links, patterns, sensemaking

Reverse = Callable[[ManagedTransaction, str, str], Any]
# The query a link write records (its ``detail.query``) -> (reverse write (tx, id, other), the rule
# lock the forward write takes first — taken first here too, so locks come in the same order).
REVERSES: dict[str, tuple[Reverse, str | None]] = {
    "cycle_feeds_into_add": (links.unlink_feeds_into_tx, None),
    "cycle_feeds_into_remove": (links.link_feeds_into_tx, "FEEDS_INTO"),
    "cycle_peer_add": (links.unlink_peers_tx, None),
    "cycle_peer_remove": (links.link_peers_tx, None),
    "cycle_explores_add": (links.unlink_explores_tx, None),
    "cycle_explores_remove": (links.link_explores_tx, None),
    "experiment_next_add": (experiments.unlink_next_iteration_tx, None),
    "experiment_next_remove": (experiments.link_next_iteration_tx, "NEXT_ITERATION"),
    "experiment_codesigner_add": (experiments.remove_co_designer_tx, None),
    "experiment_codesigner_remove": (experiments.add_co_designer_tx, None),
    "experiment_intervenes_add": (experiments.unlink_intervenes_on_tx, None),
    "experiment_intervenes_remove": (experiments.link_intervenes_on_tx, None),
    "session_attendee_add": (sensemaking.remove_attendee_tx, None),
    "session_attendee_remove": (sensemaking.add_attendee_tx, None),
    "session_pattern_add": (sensemaking.remove_surfaced_pattern_tx, None),
    "session_pattern_remove": (sensemaking.add_surfaced_pattern_tx, None),
    "decision_pattern_add": (sensemaking.remove_informing_pattern_tx, None),
    "decision_pattern_remove": (sensemaking.add_informing_pattern_tx, None),
}
# Relationships that carry a value (a participant's role, a derivation's stance): their changes record
# the value they replaced (``was``) -> (the write that sets a value, the write that removes).
VALUED: dict[str, tuple[Callable[..., Any], Reverse]] = {
    "cycle_participant_set": (links.set_participant_tx, links.remove_participant_tx),
    "cycle_participant_remove": (links.set_participant_tx, links.remove_participant_tx),
    "pattern_derived_set": (patterns.set_derived_from_tx, patterns.remove_derived_from_tx),
    "pattern_derived_remove": (patterns.set_derived_from_tx, patterns.remove_derived_from_tx),
}
# The same relationships changed before their history kept ``was``: what they were before is unknown.
UNKNOWN_BEFORE = {
    "cycle_participant_set": "a participant's role", "cycle_participant_remove": "a participant's role",
    "pattern_derived_set": "a derivation's stance", "pattern_derived_remove": "a derivation's stance",
}


def undo_relationships(tx: ManagedTransaction, change: dict[str, Any], label: str) -> None:
    """Reverse the link/unlink ``change`` of a learning entity (see the module doc)."""
    kind, id, op = change["kind"], change["entity"], change["op"]
    detail = json.loads(change.get("detail") or "{}")
    reverse_op = "unlink" if op == "link" else "link"
    query = detail.get("query")
    rule: str | None = None
    if query in REVERSES:
        forward, rule = REVERSES[query]
        other = detail["other"]

        def write(tx: ManagedTransaction) -> Any:
            return forward(tx, id, other)
    elif kind == "condition" and detail.get("effect"):
        effect, other = detail["effect"], detail["other"]

        def write(tx: ManagedTransaction) -> Any:
            if op == "link":
                return conditions.remove_effect_tx(tx, id, effect, other)
            return conditions.add_effect_tx(tx, id, effect, other)
    elif query in VALUED and "was" in detail:
        write, reverse_op = _put_back(change, VALUED[query], id, detail["other"], detail["was"], op)
    elif kind == "condition" and detail.get("acted_on_by") and "was" in detail:
        acting = (conditions.set_acts_on_tx, conditions.remove_acts_on_tx)
        write, reverse_op = _put_back(change, acting, detail["acted_on_by"], id, detail["was"], op)
    elif kind == "condition" and detail.get("acted_on_by") and op == "link":  # recorded before `was`
        cycle = detail["acted_on_by"]

        def write(tx: ManagedTransaction) -> Any:
            return conditions.remove_acts_on_tx(tx, cycle, id)
    else:
        what = UNKNOWN_BEFORE.get(query or "", "an acting cycle's action" if detail.get("acted_on_by")
                                  else "this relationship")
        raise cannot(change, f"the history does not keep {what} as it was before; make the reverse "
                             "request instead", reason="not_recorded")
    if rule:
        changes.rule_lock(tx, rule)
    changes.touch(tx, kind, label, id, op=reverse_op, check=False, undoes=change["id"])
    try:
        write(tx)
    except AppError as refused:
        raise cannot(change, f"the reverse {reverse_op} is refused now: {refused.message}",
                     reason=refused.code, refusal=refused.body()) from None
    changes.settle(tx)
    if not tx.__dict__["_hls_journal"][(kind, id)].settled:
        raise cannot(change, f"nothing to undo: the relationship is already as the undo would leave it "
                             f"({reverse_op} changed nothing)", reason="already_reversed")


def _put_back(
    change: dict[str, Any], writes: tuple[Callable[..., Any], Reverse], first: str, second: str,
    was: Any, op: str,
) -> tuple[Callable[[ManagedTransaction], Any], str]:
    """The write that gives a valued relationship back the value it had (``was``; ``None``: it did
    not exist), and the op it records."""
    set_value, remove = writes
    if was is None and op == "unlink":
        raise cannot(change, "nothing to undo: the relationship did not exist before it was removed",
                     reason="already_reversed")
    if was is None:
        return (lambda tx: remove(tx, first, second)), "unlink"
    return (lambda tx: set_value(tx, first, second, was)), "link"


def undo_influence(tx: ManagedTransaction, change: dict[str, Any]) -> None:
    """Reverse a change of an outcome-system link (kind ``link``, entity ``<source>-><target>``)."""
    require_role("contributor", "change outcome systems")
    source, target = change["entity"].split("->", 1)
    before = json.loads(change["before"]) if change.get("before") else None
    props = {k: v for k, v in (before or {}).items() if k not in changes.STAMP_KEYS}
    if change["op"] == "delete":
        ends = run(tx, "changes/link_ends", source=source, target=target)[0]
        if not ends["both"]:
            raise cannot(change, "a factor at one end of the link is gone", reason="end_gone")
        if ends["linked"]:
            raise cannot(change, "the two factors are linked again already", reason="already_reversed")
        run(tx, "systems/link_create", source=source, target=target, props=props)
        changes.link_created(tx, source, target, undoes=change["id"])
        return
    if changes.touch_link(tx, source, target, op="delete" if before is None else "undo", check=False,
                          undoes=change["id"]) is None:
        raise cannot(change, "the link no longer exists", reason="gone")
    if before is None:  # a creation: the link goes
        run(tx, "systems/link_delete", source=source, target=target)
    else:
        run(tx, "changes/link_replace", source=source, target=target, props=props)


def cannot(change: dict[str, Any], why: str, **details: Any) -> Conflict:
    return Conflict("cannot_undo", f"cannot undo {change['op']} of {change['kind']} {change['entity']!r}: "
                    f"{why}", change=change["id"], kind=change["kind"], id=change["entity"], op=change["op"],
                    **details)


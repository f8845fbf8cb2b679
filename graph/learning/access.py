"""Who may write where, decided inside the write transaction from the caller's role and its
``PARTICIPATES_IN`` links (issue 13; README.md "Who may do what").

- ``viewer`` and anonymous callers write nothing;
- a ``contributor`` writes within the cycles it participates in, and what those cycles own
  (elements, experiments and their evidence, sessions, decisions, conditions raised);
- a ``steward`` also within every cycle below those (``FEEDS_INTO``, any number of hops);
- an ``admin`` everywhere (and alone: keys, scales, deletes with ``detach``, deleting actors and
  outcome systems).

The caller's reach (its cycles, and the cycles below them) is read once per transaction, however
many items a change or an answer touches. The local caller (CLI, notebooks) is an admin and costs
no query.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph.core.acting import Caller, current
from graph.core.db import run
from graph.core.roles import at_least, refuse, require_role


@dataclass(frozen=True)
class Reach:
    """A caller and the cycles it takes part in (``participates``) and those below them (``below``)."""

    caller: Caller
    participates: frozenset[str] = frozenset()
    below: frozenset[str] = frozenset()

    def writes(self, cycle_id: str) -> bool:
        """May the caller write within ``cycle_id`` and what it owns?"""
        if self.caller.admin:
            return True
        if not at_least(self.caller, "contributor"):
            return False
        if cycle_id in self.participates:
            return True
        return self.caller.role == "steward" and cycle_id in self.below


_reaches: weakref.WeakKeyDictionary[ManagedTransaction, Reach] = weakref.WeakKeyDictionary()


def reach_tx(tx: ManagedTransaction) -> Reach:
    """The current caller's reach, read once per transaction."""
    caller = current()
    known = _reaches.get(tx)
    if known is not None and known.caller == caller:
        return known
    if caller.admin or caller.actor_id is None:
        reach = Reach(caller)
    else:
        row = run(tx, "learning/access_reach", actor=caller.actor_id)[0]
        reach = Reach(caller, frozenset(row["participates"]), frozenset(row["below"]))
    _reaches[tx] = reach
    return reach


def require_write(tx: ManagedTransaction, cycle_id: str, action: str = "write") -> None:
    """401/403 unless the caller may write within ``cycle_id`` (``role contributor lacks write on
    cycle ctax-team``)."""
    caller = current()
    if caller.admin:
        return
    require_role("contributor", f"write on cycle {cycle_id}")
    if not reach_tx(tx).writes(cycle_id):
        raise refuse(caller, f"role {caller.role} lacks write on cycle {cycle_id}: actor "
                     f"{caller.actor_id} does not participate in it "
                     + ("nor in a cycle above it" if caller.role == "steward" else
                        "(contributors write only in their own cycles)"),
                     cycle=cycle_id, action=action)


# The kinds a cycle owns, by label (as graph.learning.store.LABELS names them; store calls in here).
OWNED: dict[str, str] = {
    "cycle": "LearningCycle", "element": "CycleElement", "experiment": "Experiment",
    "evidence": "Evidence", "session": "SensemakingSession", "decision": "Decision",
    "condition": "Condition",
}


def owning_cycle(tx: ManagedTransaction, kind: str, node_id: str) -> str | None:
    """The cycle that owns node ``node_id`` of ``kind`` (``None``: no cycle owns such a kind, or the
    node does not exist)."""
    if kind not in OWNED:
        return None
    rows = run(tx, "learning/access_owner", id=node_id, label=OWNED[kind])
    return rows[0]["cycle"] if rows else None


def require_write_on(tx: ManagedTransaction, kind: str, node_id: str, action: str = "write") -> None:
    """401/403 unless the caller may change node ``node_id`` of ``kind``: write on the cycle that owns
    it, or contributor for what no cycle owns (patterns draw on several cycles' evidence; actors are
    the people themselves; a scale's cycles are created by any contributor). A node that does not
    exist passes (its 404 follows)."""
    if current().admin:
        return
    require_role("contributor", f"{action} a {kind}")
    cycle_id = node_id if kind == "cycle" else owning_cycle(tx, kind, node_id)
    if cycle_id is not None:
        require_write(tx, cycle_id, action)


def require_admin_for(action: str) -> None:
    """Only an admin may ``action`` (deletes with detach, deleting actors and outcome systems)."""
    require_role("admin", action)

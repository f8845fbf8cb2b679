"""Who may read an evidence's text, value and unit: the one redaction rule every answer applies.

The entitlement is the caller's (issue 13), never a parameter's:

- ``public``: everyone who may read at all (anonymous callers too, when the service allows them);
- ``network``: any authenticated identity (not anonymous);
- ``cycle``: participants of the producing cycle (the cycle that RUNS the experiment that YIELDED
  it), stewards of a cycle it feeds into (a ``steward`` key whose actor takes part in a cycle above
  it), and admins;
- ``personal``: participants of the producing cycle and admins only (never stewards above).

``viewer_cycle`` only narrows ("view as a member of this cycle", to check what others see): an item
is shown when the caller is entitled AND a member of ``viewer_cycle`` would be. Withheld evidence
keeps its id, kind, sensitivity, dates and provenance (counts travel up the scales) and answers
``restricted: true``.

>>> ev = {"id": "e1", "sensitivity": "personal", "text": "Mrs B. lost her job", "value": None,
...       "unit": None}
>>> ana = Reader("viewer", participates=frozenset({"calls-1"}))
>>> redact(ev, "calls-1", None, ana)["text"]
'Mrs B. lost her job'
>>> redact(ev, "calls-1", "team-a", ana)["restricted"]      # viewing as team-a: narrowed
True
>>> redact(ev, "calls-1", "calls-1", Reader("viewer"))["restricted"]   # naming it does not widen
True
>>> redact({**ev, "sensitivity": "network"}, "calls-1", None, ANONYMOUS_READER)["restricted"]
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.core.acting import ANONYMOUS_ROLE
from graph.learning.access import reach_tx
from graph.learning.model import Sensitivity

WITHHELD_FIELDS = ("text", "value", "unit")
ORDER = {s.value: rank for rank, s in enumerate(Sensitivity)}  # public < network < cycle < personal


@dataclass(frozen=True)
class Reader:
    """Who reads: a role, the cycles its actor takes part in and, for a steward, the cycles below."""

    role: str
    participates: frozenset[str] = frozenset()
    below: frozenset[str] = frozenset()

    def entitled(self, sensitivity: str, producing_cycle_id: str | None) -> bool:
        """May this reader read evidence of ``sensitivity`` produced by ``producing_cycle_id``?"""
        level = Sensitivity(sensitivity)
        if level is Sensitivity.public or self.role == "admin":
            return True
        if level is Sensitivity.network:
            return self.role != ANONYMOUS_ROLE
        if producing_cycle_id is not None and producing_cycle_id in self.participates:
            return True
        return (level is Sensitivity.cycle and self.role == "steward"
                and producing_cycle_id in self.below)


ANONYMOUS_READER = Reader(ANONYMOUS_ROLE)


def reader_tx(tx: ManagedTransaction) -> Reader:
    """The current caller as a reader (its participations read once per transaction)."""
    reach = reach_tx(tx)
    return Reader(reach.caller.role, reach.participates, reach.below)


def entitled(
    sensitivity: str, producing_cycle_id: str | None, viewer_cycle: str | None, reader: Reader,
) -> bool:
    """May ``reader``, narrowed to a member of ``viewer_cycle`` if one is named, read the content?"""
    if not reader.entitled(sensitivity, producing_cycle_id):
        return False
    if viewer_cycle is None or not Sensitivity(sensitivity).restricted:
        return True
    return viewer_cycle == producing_cycle_id


def redact(
    evidence: dict[str, Any], producing_cycle_id: str | None, viewer_cycle: str | None, reader: Reader,
) -> dict[str, Any]:
    """A copy of ``evidence`` as ``reader`` (narrowed by ``viewer_cycle``) may see it: content
    withheld (``text``, ``value``, ``unit`` = None) and ``restricted: True`` when not entitled."""
    shown = dict(evidence)
    if entitled(evidence["sensitivity"], producing_cycle_id, viewer_cycle, reader):
        shown["restricted"] = False
        return shown
    shown.update(dict.fromkeys(WITHHELD_FIELDS), restricted=True)
    return shown


def widens(old: str, new: str) -> bool:
    """Is ``new`` a wider audience than ``old``?  ``widens("personal", "cycle")`` is True."""
    return ORDER[new] < ORDER[old]

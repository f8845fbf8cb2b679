"""Who may read an evidence's text, value and unit: the one redaction rule every endpoint applies.

``public`` and ``network`` evidence is readable by any caller; ``cycle`` and ``personal`` evidence only
by the cycle that produced it (the cycle that RUNS the experiment that YIELDED it). A caller that
names no viewer cycle is not entitled. Withheld evidence keeps its id, kind, sensitivity, dates and
provenance (counts may travel up the scales) and answers ``restricted: true``.

>>> ev = {"id": "e1", "sensitivity": "personal", "text": "Mrs B. lost her job", "value": None,
...       "unit": None}
>>> redact(ev, "calls-1", None)["text"], redact(ev, "calls-1", None)["restricted"]
(None, True)
>>> redact(ev, "calls-1", "calls-1")["text"]
'Mrs B. lost her job'
>>> redact({**ev, "sensitivity": "network"}, "calls-1", "team-a")["restricted"]
False
"""

from __future__ import annotations

from typing import Any

from graph.learning.model import Sensitivity

WITHHELD_FIELDS = ("text", "value", "unit")


def entitled(sensitivity: str, producing_cycle_id: str | None, viewer_cycle: str | None) -> bool:
    """May ``viewer_cycle`` read the content of evidence of this ``sensitivity``?"""
    if not Sensitivity(sensitivity).restricted:
        return True
    return viewer_cycle is not None and viewer_cycle == producing_cycle_id


def redact(
    evidence: dict[str, Any], producing_cycle_id: str | None, viewer_cycle: str | None,
) -> dict[str, Any]:
    """A copy of ``evidence`` as ``viewer_cycle`` may see it: content withheld (``text``, ``value``,
    ``unit`` = None) and ``restricted: True`` when it is not entitled; ``restricted: False`` otherwise."""
    shown = dict(evidence)
    if entitled(evidence["sensitivity"], producing_cycle_id, viewer_cycle):
        shown["restricted"] = False
        return shown
    shown.update(dict.fromkeys(WITHHELD_FIELDS), restricted=True)
    return shown

"""Export of the learning structure as one learning document (the format ``graph.learning.bulk``
writes; docs/learning-format.md): everything, or a stack — a cycle and every cycle below it.

A stack export carries only what belongs to its cycles: links to cycles outside the stack
(feeds-into, peers, acts-on, condition targets, a condition also raised by an outside cycle) and
pattern evidence produced outside it are left out, so the document imports into a database that
has none of the rest. Outcome systems and factors are referenced by id, not carried: load them
first (their own import) where the document is imported.

Evidence is exported as the caller may see it (``graph.core.acting``; the local machine — CLI,
notebooks — is an admin and sees all): through ``graph.learning.sensitivity.redact`` with the
caller's reader and ``viewer_cycle``, like the evidence endpoints; withheld evidence says
``restricted: true`` — such a document cannot be imported again (its content is withheld).
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import reads, run
from graph.learning import store
from graph.learning.bulk import empty_document
from graph.learning.sensitivity import Reader, reader_tx, redact

EVIDENCE_FIELDS = ("id", "experiment", "kind", "text", "value", "unit", "recorded_at", "sensitivity")


def export_learning_tx(
    tx: ManagedTransaction, cycle_id: str | None = None, viewer_cycle: str | None = None,
) -> dict[str, Any]:
    """The learning document of the stack below ``cycle_id`` (404 if no such cycle), or of
    everything when ``cycle_id`` is None."""
    if cycle_id is not None:
        store.require(tx, "cycle", cycle_id)
    if viewer_cycle is not None:
        store.require(tx, "cycle", viewer_cycle, role="viewer_cycle")
    cycles = run(tx, "learning/export_stack_cycles", cycle=cycle_id)[0]["ids"]
    found = run(tx, "learning/export_learning", cycles=sorted(cycles), everything=cycle_id is None)[0]
    doc = _document(found, set(cycles), viewer_cycle, reader_tx(tx))
    doc["scope"] = {"cycle": cycle_id, "cycles": len(cycles)}
    return doc


def _document(
    found: dict[str, Any], cycles: set[str], viewer_cycle: str | None, reader: Reader,
) -> dict[str, Any]:
    doc = empty_document()
    doc["scales"] = sorted(found["scales"], key=lambda s: s["level"])
    doc["actors"] = sorted(found["actors"], key=lambda a: a["id"])
    for c in sorted(found["cycles"], key=lambda c: c["id"]):
        doc["feeds_into"] += [[c["id"], up] for up in c.pop("feeds_into") if up in cycles]
        doc["peers"] += [[c["id"], peer] for peer in c.pop("peers") if peer in cycles]
        doc["participants"] += c.pop("participants")
        doc["explores"] += [[c["id"], system] for system in c.pop("explores")]
        acts = c.pop("acts_on")
        doc["acts_on"] += acts
        doc["cycles"].append(c)
    experiments = {x["id"] for x in found["experiments"]}
    for x in sorted(found["experiments"], key=lambda x: x["id"]):
        doc["next_iterations"] += [[x["id"], n] for n in x.pop("next") if n in experiments]
        doc["experiments"].append(x)
    doc["evidence"] = [
        _shown(e, viewer_cycle, reader) for e in sorted(found["evidence"], key=lambda e: e["id"])
    ]
    evidence = {e["id"] for e in doc["evidence"]}
    patterns = sorted(found["patterns"], key=lambda p: p["id"])
    for p in patterns:
        p["derived_from"] = [d for d in p["derived_from"] if d["evidence_id"] in evidence]
    doc["patterns"] = patterns
    kept = {p["id"] for p in patterns}
    for s in sorted(found["sessions"], key=lambda s: s["id"]):
        doc["sessions"].append({**s, "patterns": [p for p in s["patterns"] if p in kept]})
    for d in sorted(found["decisions"], key=lambda d: d["id"]):
        doc["decisions"].append({**d, "informed_by": [p for p in d["informed_by"] if p in kept]})
    targets = cycles | experiments
    for k in sorted(found["conditions"], key=lambda k: k["id"]):
        doc["conditions"].append({
            **k, "raised_by": [c for c in k["raised_by"] if c in cycles],
            "resolved_by": k["resolved_by"] if k["resolved_by"] in cycles else None,
            "blocks": [t for t in k["blocks"] if t in targets],
            "supports": [t for t in k["supports"] if t in targets],
        })
    conditions = {k["id"] for k in doc["conditions"]}
    doc["acts_on"] = [a for a in doc["acts_on"] if a["condition"] in conditions]
    return doc


def _shown(evidence: dict[str, Any], viewer_cycle: str | None, reader: Reader) -> dict[str, Any]:
    """One evidence as the caller may see it (see the module doc)."""
    producing = evidence.pop("cycle_id")
    item = {field: evidence.get(field) for field in EVIDENCE_FIELDS}
    shown = redact(item, producing, viewer_cycle, reader)
    if not shown.pop("restricted"):
        return item
    return {**shown, "restricted": True}


export_learning = reads(export_learning_tx)

"""The demo learning stack (docs/demo-stack.md): the Gateshead council-tax-debt story of the HLS
guide across all five scales, a healthy-weight strand on the Foresight obesity map, and a peer
place. Data in ``graph/datasets/data/demo/``: ``gateshead.json`` (the stack) and ``household-debt.json``
(the debt strand's outcome system, in the hls-graph system JSON format).

``load_demo`` first makes sure Foresight exists (through its own loader), then writes the debt map
(:func:`graph.systems.system.write_system`, when missing or on a reset) and the whole stack in ONE write
transaction through the bulk path (:func:`graph.learning.bulk.write_learning_tx`, as a learning
document: :func:`demo_document`), with the single writes' rules. Loading twice changes nothing
(MERGE on id, SET the demo's properties); ``reset=True`` deletes exactly the demo's nodes and loads
them again in that same transaction. Nothing outside the demo is deleted.

>>> rows = demo_rows(read_stack())
>>> len(rows["cycles"]), len(rows["elements"])
(19, 95)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import DEFAULT_SCALES, Graph, run
from graph.core.errors import AppError
from graph.formats import json_snapshot
from graph.learning import bulk, model
from graph.systems.snapshot import SystemSnapshot
from graph.systems.system import write_system

DEMO_DIR = Path(__file__).parent / "data" / "demo"
STACK_FILE = DEMO_DIR / "gateshead.json"
DEBT_SYSTEM_FILE = DEMO_DIR / "household-debt.json"
FORESIGHT_ID = "foresight-obesity"

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_LEVELS = {s["id"]: s["level"] for s in DEFAULT_SCALES}

# Row list → the node label it creates, for the counts and for the reset.
NODE_LISTS = {
    "cycles": "LearningCycle", "elements": "CycleElement", "actors": "Actor", "experiments": "Experiment",
    "evidence": "Evidence", "patterns": "Pattern", "sessions": "SensemakingSession",
    "decisions": "Decision", "conditions": "Condition",
}
# Row list → the relationship type it creates (node lists create their owning relationship too).
RELATIONSHIP_LISTS = {
    "cycles": "AT_SCALE", "elements": "HAS_ELEMENT", "feeds_into": "FEEDS_INTO", "peers": "PEER_OF",
    "explores": "EXPLORES", "participations": "PARTICIPATES_IN", "experiments": "RUNS",
    "next_iterations": "NEXT_ITERATION", "co_designed": "CO_DESIGNED", "interventions": "INTERVENES_ON",
    "evidence": "YIELDED", "derived_from": "DERIVED_FROM", "sessions": "HELD", "surfaced_in": "SURFACED_IN",
    "attended": "ATTENDED", "decisions": "DECIDED", "informed_by": "INFORMED_BY", "raised": "RAISED",
    "blocks_cycles": "BLOCKS", "blocks_experiments": "BLOCKS", "supports_cycles": "SUPPORTS",
    "supports_experiments": "SUPPORTS", "acts_on": "ACTS_ON",
}


class DemoDataError(AppError):
    """The demo cannot be loaded as it stands (bad demo file, or a system or factor it names is
    missing); nothing was written."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(422, "demo_data", message, **details)


# --- reading the files ---------------------------------------------------------------------------

@cache
def _stack_text() -> str:
    return STACK_FILE.read_text(encoding="utf-8")


def read_stack() -> dict[str, Any]:
    """The demo learning stack as written in ``gateshead.json`` (a fresh copy each call)."""
    return json.loads(_stack_text())


def debt_system() -> SystemSnapshot:
    """The debt strand's outcome system, ``household-debt``."""
    return json_snapshot.parse([(DEBT_SYSTEM_FILE.name, DEBT_SYSTEM_FILE.read_bytes())])


# --- flattening and checking ---------------------------------------------------------------------

def _check(ok: bool, message: str) -> None:
    if not ok:
        raise DemoDataError(f"{STACK_FILE.name}: {message}")


def _enum(value: Any, enum: type, where: str) -> str:
    allowed = [e.value for e in enum]
    _check(value in allowed, f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _time(value: Any, where: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    _check(isinstance(value, str) and bool(_TIMESTAMP.match(value)),
           f"{where}: {value!r} is not a timestamp YYYY-MM-DDTHH:MM:SSZ")
    return value


def _unique_ids(items: Iterable[dict[str, Any]], what: str) -> set[str]:
    seen: set[str] = set()
    for item in items:
        _check(isinstance(item.get("id"), str) and bool(item["id"]), f"a {what} has no id")
        _check(item["id"] not in seen, f"duplicate {what} id {item['id']!r}")
        seen.add(item["id"])
    return seen


class _Known:
    """The ids the stack file defines, to check every reference against."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.cycles = {c["id"]: c for c in data["cycles"]}
        self.ids = {
            "cycle": _unique_ids(data["cycles"], "cycle"),
            "actor": _unique_ids(data["actors"], "actor"),
            "experiment": _unique_ids(data["experiments"], "experiment"),
            "evidence": _unique_ids([ev for x in data["experiments"] for ev in x["evidence"]], "evidence"),
            "pattern": _unique_ids(data["patterns"], "pattern"),
            "session": _unique_ids(data["sessions"], "session"),
            "decision": _unique_ids(data["decisions"], "decision"),
            "condition": _unique_ids(data["conditions"], "condition"),
            "system": set(data["systems"]),
        }

    def __call__(self, what: str, value: str, where: str) -> str:
        _check(value in self.ids[what], f"{where}: unknown {what} {value!r}")
        return value

    def level(self, cycle_id: str) -> int:
        return _LEVELS[self.cycles[cycle_id]["scale"]]


Rows = dict[str, list[dict[str, Any]]]


def demo_rows(data: dict[str, Any]) -> Rows:
    """The query rows for ``data`` (the stack file's content), after checking every id it refers
    to, every enum value (graph/learning/model.py) and every timestamp. Raises :class:`DemoDataError`."""
    known = _Known(data)
    rows: Rows = {name: [] for name in {*NODE_LISTS, *RELATIONSHIP_LISTS}}
    for c in data["cycles"]:
        _cycle_rows(c, rows, known)
    for a in data["actors"]:
        where = f"actor {a['id']}"
        rows["actors"].append({"id": a["id"], "props": {
            "name": a["name"], "kind": _enum(a["kind"], model.ActorKind, where)}})
        rows["participations"] += [
            {"actor": a["id"], "cycle": known("cycle", p["cycle"], where),
             "role": _enum(p["role"], model.ParticipationRole, where)} for p in a["participates_in"]]
    for x in data["experiments"]:
        _experiment_rows(x, rows, known)
    _sensemaking_rows(data, rows, known)
    for k in data["conditions"]:
        _condition_rows(k, rows, known)
    return rows


def _cycle_rows(c: dict[str, Any], rows: Rows, known: _Known) -> None:
    where = f"cycle {c['id']}"
    _check(c["scale"] in _LEVELS, f"{where}: unknown scale {c['scale']!r}")
    rows["cycles"].append({"id": c["id"], "scale": c["scale"], "props": {
        "name": c["name"], "purpose": c["purpose"], "status": _enum(c["status"], model.CycleStatus, where),
        "created_at": _time(c["created_at"], where)}})
    _check(set(c["elements"]) == {k.value for k in model.ElementKind},
           f"{where}: elements must be exactly the five kinds of graph.learning.model.ElementKind")
    for kind, status in c["elements"].items():
        rows["elements"].append({"cycle": c["id"], "id": f"{c['id']}:{kind}", "props": {
            "kind": kind, "status": _enum(status, model.ElementStatus, f"{where} {kind}"),
            "notes": c.get("element_notes", {}).get(kind, ""),
            "updated_at": _time(c["elements_updated_at"], where)}})
    for upper in c["feeds_into"]:
        known("cycle", upper, where)
        _check(known.level(upper) > known.level(c["id"]),
               f"{where} feeds into {upper}, which is not at a higher scale")
        rows["feeds_into"].append({"lower": c["id"], "upper": upper})
    for peer in c["peers"]:
        known("cycle", peer, where)
        _check(known.level(peer) == known.level(c["id"]), f"{where}: peer {peer} is at another scale")
        rows["peers"].append({"cycle": c["id"], "peer": peer})
    rows["explores"] += [{"cycle": c["id"], "system": known("system", s, where)} for s in c["explores"]]


def _experiment_rows(x: dict[str, Any], rows: Rows, known: _Known) -> None:
    where = f"experiment {x['id']}"
    status = _enum(x["status"], model.ExperimentStatus, where)
    finished = status in ("completed", "abandoned")
    _check(finished == (x["outcome"] is not None) == (x["ended_at"] is not None),
           f"{where}: completed and abandoned experiments (only) have an outcome and ended_at")
    rows["experiments"].append({"cycle": known("cycle", x["cycle"], where), "id": x["id"], "props": {
        "kind": _enum(x["kind"], model.ExperimentKind, where), "question": x["question"],
        "hypothesis": x["hypothesis"], "status": status, "started_at": _time(x["started_at"], where),
        "ended_at": _time(x["ended_at"], where, optional=True), "outcome": x["outcome"]}})
    if x["next"] is not None:
        rows["next_iterations"].append({"experiment": x["id"], "next": known("experiment", x["next"], where)})
    rows["co_designed"] += [{"actor": known("actor", a, where), "experiment": x["id"]}
                            for a in x["co_designed_by"]]
    for system, names in x["intervenes_on"].items():
        known("system", system, where)
        rows["interventions"] += [{"experiment": x["id"], "system": system, "name": n} for n in names]
    for ev in x["evidence"]:
        ewhere = f"evidence {ev['id']}"
        kind = _enum(ev["kind"], model.EvidenceKind, ewhere)
        _check((kind == "quantitative") == (ev["value"] is not None),
               f"{ewhere}: quantitative evidence (only) has a value")
        rows["evidence"].append({"experiment": x["id"], "id": ev["id"], "props": {
            "kind": kind, "text": ev["text"], "value": ev["value"], "unit": ev["unit"],
            "recorded_at": _time(ev["recorded_at"], ewhere),
            "sensitivity": _enum(ev["sensitivity"], model.Sensitivity, ewhere)}})


def _sensemaking_rows(data: dict[str, Any], rows: Rows, known: _Known) -> None:
    for p in data["patterns"]:
        where = f"pattern {p['id']}"
        rows["patterns"].append({"id": p["id"], "props": {
            "statement": p["statement"], "status": _enum(p["status"], model.PatternStatus, where)}})
        rows["derived_from"] += [
            {"pattern": p["id"], "evidence": known("evidence", d["evidence"], where),
             "stance": _enum(d["stance"], model.Stance, where)} for d in p["derived_from"]]
    for s in data["sessions"]:
        where = f"session {s['id']}"
        rows["sessions"].append({"cycle": known("cycle", s["cycle"], where), "id": s["id"],
                                 "props": {"held_at": _time(s["held_at"], where)}})
        rows["surfaced_in"] += [{"pattern": known("pattern", p, where), "session": s["id"]}
                                for p in s["surfaced"]]
        rows["attended"] += [{"actor": known("actor", a, where), "session": s["id"]}
                             for a in s["attended_by"]]
    for d in data["decisions"]:
        where = f"decision {d['id']}"
        rows["decisions"].append({"cycle": known("cycle", d["cycle"], where), "id": d["id"], "props": {
            "kind": _enum(d["kind"], model.DecisionKind, where), "rationale": d["rationale"],
            "decided_at": _time(d["decided_at"], where)}})
        rows["informed_by"] += [{"decision": d["id"], "pattern": known("pattern", p, where)}
                                for p in d["informed_by"]]


def _condition_rows(k: dict[str, Any], rows: Rows, known: _Known) -> None:
    where = f"condition {k['id']}"
    kind = _enum(k["kind"], model.ConditionKind, where)
    status = _enum(k["status"], model.ConditionStatus, where)
    _check((status == "resolved") == (k["resolved_by"] is not None) == (k["resolved_at"] is not None),
           f"{where}: resolved conditions (only) have resolved_by and resolved_at")
    if k["resolved_by"] is not None:
        known("cycle", k["resolved_by"], where)
    rows["conditions"].append({"id": k["id"], "props": {
        "kind": kind, "description": k["description"], "status": status,
        "raised_at": _time(k["raised_at"], where), "resolved_by": k["resolved_by"],
        "resolved_at": _time(k["resolved_at"], where, optional=True)}})
    _check(bool(k["raised_by"]), f"{where}: no cycle raised it")
    rows["raised"] += [{"cycle": known("cycle", c, where), "condition": k["id"]} for c in k["raised_by"]]
    # A barrier BLOCKS and is removed; an enabler SUPPORTS and is nurtured (graph/learning/model.py).
    effect, other, action = ("blocks", "supports", "remove") if kind == "barrier" else (
        "supports", "blocks", "nurture")
    _check(not k[other], f"{where}: a {kind} {effect}, it does not {other}")
    for target in k[effect]:
        is_cycle = target in known.ids["cycle"]
        _check(is_cycle or target in known.ids["experiment"], f"{where}: unknown target {target!r}")
        rows[f"{effect}_{'cycles' if is_cycle else 'experiments'}"].append(
            {"condition": k["id"], "target": target})
    for act in k["acted_on_by"]:
        _check(act["action"] == action, f"{where}: a {kind} is acted on with {action!r}")
        rows["acts_on"].append({"cycle": known("cycle", act["cycle"], where), "condition": k["id"],
                                "action": act["action"]})


def demo_node_ids(rows: Rows) -> list[dict[str, str]]:
    """Every node the demo owns, as ``{label, id}`` (what a reset deletes)."""
    return [{"label": label, "id": row["id"]} for name, label in NODE_LISTS.items() for row in rows[name]]


def demo_counts(rows: Rows) -> dict[str, int]:
    """Nodes per label and relationships per type that the demo holds."""
    counts = {label: len(rows[name]) for name, label in NODE_LISTS.items()}
    for name, rel_type in RELATIONSHIP_LISTS.items():
        counts[rel_type] = counts.get(rel_type, 0) + len(rows[name])
    return counts


# --- loading -------------------------------------------------------------------------------------

def ensure_foresight(graph: Graph) -> None:
    """Foresight, which the healthy-weight strand links to: loaded by its own loader when missing
    (a prerequisite of the demo, not part of it, so a reset leaves it alone)."""
    if not graph.read("systems/system_get", system_id=FORESIGHT_ID):
        from graph.datasets.foresight import load_foresight  # the systems area's loader

        load_foresight(graph)


def load_demo(graph: Graph, reset: bool = False) -> dict[str, int]:
    """Load the demo learning stack (idempotent) in ONE write transaction, with its debt map
    (written when missing; replaced on a reset so edits to it are undone); ``reset`` deletes the
    demo's nodes first, in that same transaction. Returns the demo's nodes per label and
    relationships per type, plus ``debt_system_written`` and, on a reset, ``reset_deleted`` and
    ``reset_cut_links`` (links from demo nodes to non-demo nodes that the reset had to cut)."""
    rows = demo_rows(read_stack())
    ensure_foresight(graph)
    debt_map = debt_system()

    def work(tx: ManagedTransaction) -> dict[str, int]:
        written = 0
        if reset or not run(tx, "systems/system_get", system_id=debt_map.id):
            write_system(tx, debt_map, replace=reset)
            written = 1
        return {"debt_system_written": written, **write_demo(tx, rows, reset)}

    return {**demo_counts(rows), **graph.write_tx(work)}


def write_demo(tx: ManagedTransaction, rows: Rows, reset: bool) -> dict[str, int]:
    """The demo's writes inside one transaction; raises (so it rolls back) if anything is missing."""
    result: dict[str, int] = {}
    if reset:
        deleted = run(tx, "demo/demo_delete", rows=demo_node_ids(rows))[0]
        result = {"reset_deleted": deleted["deleted"], "reset_cut_links": deleted["cut_links"]}
    missing = run(tx, "demo/demo_missing_references", systems=sorted({r["system"] for r in rows["explores"]}),
                  factors=rows["interventions"])[0]
    if missing["missing_systems"] or missing["missing_factors"]:
        systems = ", ".join(missing["missing_systems"])
        factors = "; ".join(f"{m['experiment']} → {m['system']} / {m['name']!r}"
                            for m in missing["missing_factors"])
        raise DemoDataError(
            "the demo names outcome systems or factors the database does not have"
            + (f" — systems: {systems}" if systems else "") + (f" — factors: {factors}" if factors else ""),
            missing_systems=missing["missing_systems"], missing_factors=missing["missing_factors"])
    factor_ids: dict[str, list[str]] = {}
    for row in run(tx, "demo/demo_factor_ids", factors=rows["interventions"]):
        factor_ids.setdefault(row["experiment"], []).append(row["id"])
    try:
        bulk.write_learning_tx(tx, demo_document(rows, factor_ids), refuse_existing=False)
    except bulk.BulkInvalid as refused:
        raise DemoDataError(f"the demo breaks a rule of the learning structure: {refused.message}",
                            problems=refused.details["problems"]) from None
    return result


def demo_document(rows: Rows, factor_ids: dict[str, list[str]]) -> dict[str, Any]:
    """The demo as a learning document (docs/learning-format.md), from its checked rows; the
    factors each experiment intervenes on by id (``factor_ids``: experiment -> factor ids)."""
    def by(name: str, key: str) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {}
        for row in rows[name]:
            grouped.setdefault(row[key], []).append(row)
        return grouped

    elements, co_designed = by("elements", "cycle"), by("co_designed", "experiment")
    derived, raised = by("derived_from", "pattern"), by("raised", "condition")
    surfaced, attended, informed = by("surfaced_in", "session"), by("attended", "session"), by(
        "informed_by", "decision")
    targets = {effect: {} for effect in ("blocks", "supports")}
    for effect in targets:
        for kind in ("cycles", "experiments"):
            for row in rows[f"{effect}_{kind}"]:
                targets[effect].setdefault(row["condition"], []).append(row["target"])
    return {
        "cycles": [{"id": c["id"], "scale": c["scale"], **c["props"],
                    "elements": [e["props"] for e in elements.get(c["id"], [])]} for c in rows["cycles"]],
        "feeds_into": [[r["lower"], r["upper"]] for r in rows["feeds_into"]],
        "peers": [[r["cycle"], r["peer"]] for r in rows["peers"]],
        "explores": [[r["cycle"], r["system"]] for r in rows["explores"]],
        "actors": [{"id": a["id"], **a["props"]} for a in rows["actors"]],
        "participants": [{"cycle": r["cycle"], "actor": r["actor"], "role": r["role"]}
                         for r in rows["participations"]],
        "experiments": [{"id": x["id"], "cycle": x["cycle"], **x["props"],
                         "co_designers": [r["actor"] for r in co_designed.get(x["id"], [])],
                         "intervenes_on": factor_ids.get(x["id"], [])} for x in rows["experiments"]],
        "next_iterations": [[r["experiment"], r["next"]] for r in rows["next_iterations"]],
        "evidence": [{"id": e["id"], "experiment": e["experiment"], **e["props"]} for e in rows["evidence"]],
        "patterns": [{"id": p["id"], **p["props"], "derived_from": [
            {"evidence_id": r["evidence"], "stance": r["stance"]} for r in derived.get(p["id"], [])]}
            for p in rows["patterns"]],
        "sessions": [{"id": s["id"], "cycle": s["cycle"], **s["props"],
                      "attendees": [r["actor"] for r in attended.get(s["id"], [])],
                      "patterns": [r["pattern"] for r in surfaced.get(s["id"], [])]}
                     for s in rows["sessions"]],
        "decisions": [{"id": d["id"], "cycle": d["cycle"], **d["props"],
                       "informed_by": [r["pattern"] for r in informed.get(d["id"], [])]}
                      for d in rows["decisions"]],
        "conditions": [{"id": k["id"], **k["props"],
                        "raised_by": [r["cycle"] for r in raised.get(k["id"], [])],
                        "blocks": targets["blocks"].get(k["id"], []),
                        "supports": targets["supports"].get(k["id"], [])} for k in rows["conditions"]],
        "acts_on": [{"cycle": r["cycle"], "condition": r["condition"], "action": r["action"]}
                    for r in rows["acts_on"]],
    }

"""The rules of a bulk write (``graph.learning.bulk``), checked in Python over the whole learning
document before anything is written: the same rules as the single writes, whose refusals are reused
(``refuse_*`` functions of the single-write modules), applied to every item of every kind.

Each problem is ``{kind, index, id, field, rule, message}``: the list (``cycles``, ``evidence``, ...),
the item's position in it, its id (or the link's ends), the field at fault and the rule's code
(``id_format``, ``duplicate_id``, ``not_found``, ``feeds_into_scale_order``, ``no_vertical_loop``,
``no_iteration_loop``, ``peer_same_scale``, ``evidence_kind_fields``, ...). References may point into
the document or into the database; the database is asked once (``learning/bulk_existing``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from graph.core.db import run
from graph.core.errors import AppError
from graph.learning import conditions, evidence, experiments, links, patterns
from graph.learning.bulk_known import Doc, Known, Problems, items
from graph.learning.model import (
    Action,
    ActorKind,
    ConditionKind,
    ConditionStatus,
    CycleStatus,
    DecisionKind,
    ElementKind,
    ElementStatus,
    EvidenceKind,
    ExperimentKind,
    ExperimentStatus,
    ParticipationRole,
    PatternStatus,
    Sensitivity,
    Stance,
)

# of shipped data do not go through the API).
ENUMS: dict[str, dict[str, type]] = {
    "actors": {"kind": ActorKind},
    "cycles": {"status": CycleStatus},
    "experiments": {"kind": ExperimentKind, "status": ExperimentStatus},
    "evidence": {"kind": EvidenceKind, "sensitivity": Sensitivity},
    "patterns": {"status": PatternStatus},
    "decisions": {"kind": DecisionKind},
    "conditions": {"kind": ConditionKind, "status": ConditionStatus},
    "participants": {"role": ParticipationRole},
    "acts_on": {"action": Action},
}


def check_document(tx: ManagedTransaction, doc: Doc, refuse_existing: bool = True) -> Problems:
    """Every rule a single write would apply, over the whole document (see the module doc)."""
    problems = Problems()
    _check_enums(doc, problems)
    known = Known(tx, doc, problems, refuse_existing)

    def ref(name: str, index: int, id: Any, field: str, kind: str, value: str) -> bool:
        if known.has(kind, value):
            return True
        problems.add(
            name,
            index,
            id,
            field,
            "not_found",
            f"no {kind} with id {value!r} in the document or the database",
        )
        return False

    levels = _levels(tx, doc, known)
    _check_scales(tx, doc, problems)
    for i, c in items(doc, "cycles"):
        ref("cycles", i, c["id"], "scale", "scale", c["scale"])
    for i, (lower, upper) in items(doc, "feeds_into"):
        pair = [lower, upper]
        if ref("feeds_into", i, pair, "lower", "cycle", lower) & ref(
            "feeds_into", i, pair, "upper", "cycle", upper
        ):
            problems.refusal(
                "feeds_into",
                i,
                pair,
                None,
                lambda a=lower, b=upper: links.refuse_self_link("FEEDS_INTO", a, b),
            )
            if lower in levels and upper in levels:
                problems.refusal(
                    "feeds_into",
                    i,
                    pair,
                    None,
                    lambda a=lower, b=upper: links.refuse_scale_order(a, b, levels[a], levels[b]),
                )
    _refuse_loops(doc.get("feeds_into") or [], "feeds_into", problems, links.vertical_loop)
    for i, (a, b) in items(doc, "peers"):
        if ref("peers", i, [a, b], "cycle", "cycle", a) & ref("peers", i, [a, b], "peer", "cycle", b):
            problems.refusal(
                "peers", i, [a, b], None, lambda a=a, b=b: links.refuse_self_link("PEER_OF", a, b)
            )
            if a in levels and b in levels:
                problems.refusal(
                    "peers",
                    i,
                    [a, b],
                    None,
                    lambda a=a, b=b: links.refuse_cross_scale_peer(
                        a, b, levels[a]["scale"], levels[b]["scale"]
                    ),
                )
    for i, row in items(doc, "participants"):
        ref("participants", i, [row["cycle"], row["actor"]], "cycle", "cycle", row["cycle"])
        ref("participants", i, [row["cycle"], row["actor"]], "actor", "actor", row["actor"])
    for i, (cycle, system) in items(doc, "explores"):
        ref("explores", i, [cycle, system], "cycle", "cycle", cycle)
        ref("explores", i, [cycle, system], "system", "system", system)
    _check_experiments(tx, doc, problems, ref)
    _check_learning(doc, problems, ref)
    _check_conditions(doc, problems, ref, known)
    return problems


def _check_enums(doc: Doc, problems: Problems) -> None:
    for name, fields in ENUMS.items():
        allowed = {field: {e.value for e in enum} for field, enum in fields.items()}
        for i, item in items(doc, name):
            for field, enum in fields.items():
                if item.get(field) not in allowed[field]:
                    problems.add(
                        name,
                        i,
                        item.get("id"),
                        field,
                        "enum",
                        f"{item.get(field)!r} is not one of {', '.join(e.value for e in enum)}",
                    )
    for i, c in items(doc, "cycles"):
        for e in c.get("elements") or []:
            if e.get("kind") not in {k.value for k in ElementKind} or (
                e.get("status") not in {s.value for s in ElementStatus}
            ):
                problems.add(
                    "cycles",
                    i,
                    c["id"],
                    "elements",
                    "enum",
                    f"element {e.get('kind')!r} with status {e.get('status')!r} is not valid",
                )
    for i, p in items(doc, "patterns"):
        for d in p.get("derived_from") or []:
            if d.get("stance") not in {s.value for s in Stance}:
                problems.add(
                    "patterns",
                    i,
                    p["id"],
                    "derived_from",
                    "enum",
                    f"stance {d.get('stance')!r} is not one of supports, contradicts",
                )


def _levels(tx: ManagedTransaction, doc: Doc, known: Known) -> dict[str, dict[str, Any]]:
    """``{scale, level}`` of every cycle the document defines or links."""
    scales = {row["id"]: row["level"] for row in run(tx, "learning/bulk_scale_levels")}
    scales.update({s["id"]: s["level"] for s in doc.get("scales") or []})
    levels = {
        c["id"]: {"scale": c["scale"], "level": scales[c["scale"]]}
        for c in doc.get("cycles") or []
        if c["scale"] in scales
    }
    linked = {i for name in ("feeds_into", "peers") for pair in doc.get(name) or [] for i in pair}
    stored = [i for i in linked if i not in levels and i in known.db.get("cycle", set())]
    levels.update({row["id"]: row for row in run(tx, "learning/cycle_levels", ids=stored)})
    return levels


def _check_scales(tx: ManagedTransaction, doc: Doc, problems: Problems) -> None:
    """A scale the database has must come with the same level; a new one needs a free level."""
    stored = {row["id"]: row["level"] for row in run(tx, "learning/bulk_scale_levels")}
    holders = {level: scale for scale, level in stored.items()}
    for i, s in items(doc, "scales"):
        if s["id"] in stored:
            if stored[s["id"]] != s["level"]:
                problems.add(
                    "scales",
                    i,
                    s["id"],
                    "level",
                    "scale_level_differs",
                    f"scale {s['id']!r} is at level {stored[s['id']]} here, {s['level']} in the document",
                )
        elif s["level"] in holders:
            problems.add(
                "scales",
                i,
                s["id"],
                "level",
                "level_taken",
                f"level {s['level']} is held by scale {holders[s['level']]!r}; scale levels are unique",
            )
        else:
            holders[s["level"]] = s["id"]


def _refuse_loops(pairs: list[Any], name: str, problems: Problems, refusal: Callable[..., AppError]) -> None:
    """A loop among the document's own links (links to stored items cannot close one: see bulk.py)."""
    dag = nx.DiGraph((a, b) for a, b in pairs)
    try:
        loop = nx.find_cycle(dag)
    except nx.NetworkXNoCycle:
        return
    first, then = loop[0]
    path = [then] + [edge[1] for edge in loop[1:]]
    index = next(i for i, pair in enumerate(pairs) if list(pair) == [first, then])
    problems.add(
        name,
        index,
        [first, then],
        None,
        refusal(first, then, path).details["rule"],
        refusal(first, then, path).message,
    )


def _check_experiments(
    tx: ManagedTransaction, doc: Doc, problems: Problems, ref: Callable[..., bool]
) -> None:
    for i, x in items(doc, "experiments"):
        ref("experiments", i, x["id"], "cycle", "cycle", x["cycle"])
        for actor in x.get("co_designers") or []:
            ref("experiments", i, x["id"], "co_designers", "actor", actor)
        for factor in x.get("intervenes_on") or []:
            ref("experiments", i, x["id"], "intervenes_on", "factor", factor)
        problems.refusal(
            "experiments", i, x["id"], "ended_at", lambda x=x: experiments.refuse_backwards_dates(x["id"], x)
        )
    pairs = doc.get("next_iterations") or []
    for i, (a, b) in enumerate(pairs):
        ref("next_iterations", i, [a, b], "experiment", "experiment", a)
        ref("next_iterations", i, [a, b], "next", "experiment", b)
        problems.refusal(
            "next_iterations",
            i,
            [a, b],
            None,
            lambda a=a, b=b: links.refuse_self_link("NEXT_ITERATION", a, b, "experiment"),
        )
    # Stored iterations reachable from the document's links may close a loop with them.
    ends = sorted({i for pair in pairs for i in pair})
    stored = (
        [(r["from"], r["to"]) for r in run(tx, "learning/bulk_iteration_links", ids=ends)] if ends else []
    )
    _refuse_loops([*map(tuple, pairs), *stored], "next_iterations", problems, experiments.iteration_loop)
    for i, e in items(doc, "evidence"):
        ref("evidence", i, e["id"], "experiment", "experiment", e["experiment"])
        problems.refusal(
            "evidence",
            i,
            e["id"],
            "text" if e.get("kind") == "narrative" else "value",
            lambda e=e: evidence.refuse_missing_content(e["id"], e),
        )


def _check_learning(doc: Doc, problems: Problems, ref: Callable[..., bool]) -> None:
    for i, p in items(doc, "patterns"):
        derived = p.get("derived_from") or []
        problems.refusal(
            "patterns",
            i,
            p["id"],
            "derived_from",
            lambda p=p, d=derived: patterns.refuse_repeated_evidence(p["id"], d),
        )
        for d in derived:
            ref("patterns", i, p["id"], "derived_from", "evidence", d["evidence_id"])
    for i, s in items(doc, "sessions"):
        ref("sessions", i, s["id"], "cycle", "cycle", s["cycle"])
        for actor in s.get("attendees") or []:
            ref("sessions", i, s["id"], "attendees", "actor", actor)
        for pattern in s.get("patterns") or []:
            ref("sessions", i, s["id"], "patterns", "pattern", pattern)
    for i, d in items(doc, "decisions"):
        ref("decisions", i, d["id"], "cycle", "cycle", d["cycle"])
        for pattern in d.get("informed_by") or []:
            ref("decisions", i, d["id"], "informed_by", "pattern", pattern)


def _check_conditions(doc: Doc, problems: Problems, ref: Callable[..., bool], known: Known) -> None:
    kinds: dict[str, str] = {}
    for i, k in items(doc, "conditions"):
        kinds[k["id"]] = k["kind"]
        if not k.get("raised_by"):
            problems.add(
                "conditions", i, k["id"], "raised_by", "raised_by_needed", "a condition is raised by a cycle"
            )
        for cycle in k.get("raised_by") or []:
            ref("conditions", i, k["id"], "raised_by", "cycle", cycle)
        if k.get("resolved_by"):
            ref("conditions", i, k["id"], "resolved_by", "cycle", k["resolved_by"])
        problems.refusal(
            "conditions",
            i,
            k["id"],
            "resolved_by",
            lambda k=k: conditions.refuse_resolved_by_unless_resolved(
                k["id"], k.get("status"), k.get("resolved_by")
            ),
        )
        for field, effect in (("blocks", "BLOCKS"), ("supports", "SUPPORTS")):
            if k.get(field) and k.get("kind") in conditions.EFFECT_OF:
                problems.refusal(
                    "conditions",
                    i,
                    k["id"],
                    field,
                    lambda k=k, e=effect: conditions.refuse_wrong_effect(k["id"], k["kind"], e),
                )
            for target in k.get(field) or []:
                is_x, is_c = known.has("experiment", target), known.has("cycle", target)
                if is_x and is_c:
                    problems.add(
                        "conditions",
                        i,
                        k["id"],
                        field,
                        "ambiguous_target",
                        f"{target!r} is both an experiment and a cycle",
                    )
                elif not (is_x or is_c):
                    problems.add(
                        "conditions",
                        i,
                        k["id"],
                        field,
                        "not_found",
                        f"no experiment or cycle with id {target!r} in the document or the database",
                    )
    for i, row in items(doc, "acts_on"):
        pair = [row["cycle"], row["condition"]]
        ref("acts_on", i, pair, "cycle", "cycle", row["cycle"])
        if ref("acts_on", i, pair, "condition", "condition", row["condition"]):
            kind = kinds.get(row["condition"]) or known.condition_kinds.get(row["condition"])
            if kind in conditions.ACTION_ON:
                problems.refusal(
                    "acts_on",
                    i,
                    pair,
                    "action",
                    lambda r=row, k=kind: conditions.refuse_wrong_action(
                        r["cycle"], r["condition"], k, r["action"]
                    ),
                )

"""Bulk writes of the learning structure: one learning document (docs/learning-format.md; the shape
``GET /learning/export`` answers) written with batched ``UNWIND`` queries in ONE write transaction.

The document is checked whole first (``graph.learning.bulk_rules``: the single writes' rules, every
problem named by list, index, id and field; 422 ``bulk_invalid`` with the first problems), then
written list by list in chunks of :data:`CHUNK` rows, all inside that one transaction, so it commits
whole or not at all. Each chunk's query reports how many rows matched what they refer to; a
shortfall (something deleted between the check and the write cannot happen inside the transaction,
so this is a bug guard) rolls everything back.

``refuse_existing`` (the API's and CLI's way) refuses an id the database already has for that kind
(``duplicate_id``), except scales, which a document names to say where its cycles run: a stored
scale with the same level is kept. The shipped data sets load with ``refuse_existing=False``: their
nodes are merged on id and their properties set again (loading twice changes nothing).

Links to stored items cannot close a FEEDS_INTO loop the check misses: every FEEDS_INTO link climbs
strictly in scale level (checked for each new link; kept by the scale rules for the stored ones), so
no loop of them exists. NEXT_ITERATION loops are searched among the document's links and the stored
ones reachable from them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes, changes_bulk
from graph.core.db import run, writes
from graph.core.errors import AppError, RuleBroken
from graph.learning.access import require_admin_for
from graph.learning.bulk_known import NODE_KINDS, Doc
from graph.learning.bulk_rules import check_document
from graph.learning.model import (
    ConditionStatus,
    CycleStatus,
    ElementKind,
    ExperimentStatus,
    PatternStatus,
    timestamp,
)

FORMAT = "hls-graph/learning"
VERSION = 1
CHUNK = 10_000
LISTS = (*NODE_KINDS, "feeds_into", "peers", "participants", "explores", "next_iterations", "acts_on")
Progress = Callable[[str, int, int], None]  # (list, rows written so far, rows in that list)
Chunk = Callable[..., dict[str, int]]

CYCLE_FIELDS = ("name", "purpose", "status", "created_at")
EXPERIMENT_FIELDS = ("kind", "question", "hypothesis", "status", "started_at", "ended_at", "outcome")
EVIDENCE_FIELDS = ("kind", "text", "value", "unit", "recorded_at", "sensitivity")
CONDITION_FIELDS = ("kind", "description", "status", "raised_at", "resolved_at", "resolved_by")


class BulkInvalid(AppError):
    """The document breaks rules: nothing was written. ``problems`` lists the first ones."""

    def __init__(self, problems: list[dict[str, Any]], count: int) -> None:
        first = problems[0]
        super().__init__(
            422,
            "bulk_invalid",
            f"{count} problem(s) in the learning document, nothing written; first: {first['kind']}"
            f"[{first['index']}] ({first['id']!r}) {first['field'] or ''}: {first['message']}",
            problems=problems,
            problem_count=count,
        )


def empty_document() -> Doc:
    return {"format": FORMAT, "version": VERSION, **{name: [] for name in LISTS}}


def normalise(doc: Doc) -> Doc:
    """``doc`` with every list present and the defaults a single create would give (statuses,
    timestamps now, elements not started); refuses another format or version."""
    if doc.get("format", FORMAT) != FORMAT or doc.get("version", VERSION) != VERSION:
        raise RuleBroken(
            "learning_format",
            f"not a {FORMAT} version {VERSION} document",
            format=doc.get("format"),
            version=doc.get("version"),
        )
    now = timestamp()
    out = {**empty_document(), **{k: list(v or []) for k, v in doc.items() if k in LISTS}}

    def filled(items: list[dict[str, Any]], defaults: dict[str, Any]) -> list[dict[str, Any]]:
        return [{**item, **{k: v for k, v in defaults.items() if item.get(k) is None}} for item in items]

    out["cycles"] = filled(out["cycles"], {"status": CycleStatus.planned.value, "created_at": now})
    out["experiments"] = filled(out["experiments"], {"status": ExperimentStatus.planned.value})
    out["evidence"] = filled(out["evidence"], {"recorded_at": now})
    out["patterns"] = filled(out["patterns"], {"status": PatternStatus.emerging.value})
    out["sessions"] = filled(out["sessions"], {"held_at": now})
    out["decisions"] = filled(out["decisions"], {"decided_at": now})
    out["conditions"] = filled(out["conditions"], {"status": ConditionStatus.open.value, "raised_at": now})
    for k in out["conditions"]:
        if k["status"] == ConditionStatus.resolved.value and not k.get("resolved_at"):
            k["resolved_at"] = now
    return out


def _props(item: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: item.get(field) for field in fields}


def _elements(cycle: dict[str, Any]) -> list[dict[str, Any]]:
    given = {e["kind"]: e for e in cycle.get("elements") or []}
    return [
        {
            "id": f"{cycle['id']}:{kind.value}",
            "kind": kind.value,
            "status": given.get(kind.value, {}).get("status", "not_started"),
            "notes": given.get(kind.value, {}).get("notes"),
            "updated_at": given.get(kind.value, {}).get("updated_at") or cycle["created_at"],
        }
        for kind in ElementKind
    ]


def rows_of(doc: Doc, target_kinds: dict[str, str]) -> dict[str, list[Any]]:
    """The query rows for a checked document (``target_kinds``: each condition target's kind)."""

    def targets(k: dict[str, Any], field: str, kind: str) -> list[str]:
        return [t for t in k.get(field) or [] if target_kinds.get(t) == kind]

    rows = _rows(doc, targets)
    # Every node written carries the version stamps of a single write (graph.core.changes).
    stamp = changes.stamps()
    for kind_rows in rows.values():
        for row in kind_rows:
            if isinstance(row, dict) and "props" in row:
                row["props"].update(stamp)
                for element in row.get("elements", ()):
                    element.update(version=stamp["version"], updated_by=stamp["updated_by"])
    return rows


def _rows(doc: Doc, targets: Callable[[dict[str, Any], str, str], list[str]]) -> dict[str, list[Any]]:
    return {
        "scales": [{"id": s["id"], "props": {"name": s["name"], "level": s["level"]}} for s in doc["scales"]],
        "actors": [{"id": a["id"], "props": {"name": a["name"], "kind": a["kind"]}} for a in doc["actors"]],
        "cycles": [
            {
                "id": c["id"],
                "scale": c["scale"],
                "props": _props(c, ("id", *CYCLE_FIELDS)),
                "elements": _elements(c),
            }
            for c in doc["cycles"]
        ],
        "experiments": [
            {
                "id": x["id"],
                "cycle": x["cycle"],
                "props": _props(x, ("id", *EXPERIMENT_FIELDS)),
            }
            for x in doc["experiments"]
        ],
        "co_designers": [
            [a, x["id"]] for x in doc["experiments"] for a in dict.fromkeys(x.get("co_designers") or [])
        ],
        "interventions": [
            [x["id"], f] for x in doc["experiments"] for f in dict.fromkeys(x.get("intervenes_on") or [])
        ],
        "evidence": [
            {"id": e["id"], "experiment": e["experiment"], "props": _props(e, ("id", *EVIDENCE_FIELDS))}
            for e in doc["evidence"]
        ],
        "patterns": [
            {
                "id": p["id"],
                "props": {"statement": p["statement"], "status": p["status"]},
                "derived_from": p.get("derived_from") or [],
            }
            for p in doc["patterns"]
        ],
        "sessions": [
            {
                "id": s["id"],
                "cycle": s["cycle"],
                "props": _props(s, ("held_at", "notes")),
                "attendees": s.get("attendees") or [],
                "patterns": s.get("patterns") or [],
            }
            for s in doc["sessions"]
        ],
        "decisions": [
            {
                "id": d["id"],
                "cycle": d["cycle"],
                "props": _props(d, ("kind", "rationale", "decided_at")),
                "informed_by": d.get("informed_by") or [],
            }
            for d in doc["decisions"]
        ],
        "conditions": [
            {
                "id": k["id"],
                "raised_by": k["raised_by"],
                "props": _props(k, CONDITION_FIELDS),
                "blocks_experiments": targets(k, "blocks", "experiment"),
                "blocks_cycles": targets(k, "blocks", "cycle"),
                "supports_experiments": targets(k, "supports", "experiment"),
                "supports_cycles": targets(k, "supports", "cycle"),
            }
            for k in doc["conditions"]
        ],
        **{
            name: [list(pair) for pair in doc[name]]
            for name in ("feeds_into", "peers", "explores", "next_iterations")
        },
        "participants": doc["participants"],
        "acts_on": doc["acts_on"],
    }


def check_learning_tx(tx: ManagedTransaction, doc: Doc, refuse_existing: bool = True) -> Doc:
    """The normalised document if it keeps every rule; :class:`BulkInvalid` otherwise."""
    doc = normalise(doc)
    problems = check_document(tx, doc, refuse_existing)
    if problems.count:
        raise BulkInvalid(problems.items, problems.count)
    return doc


# (list, query, the other lists the query takes whole); each query takes its list as ``$<list>`` and
# answers how many rows of each list matched, in a column of that name. The lists of NEW nodes (ids
# checked free) are written by CREATE, the fast form (:data:`CREATING`); merging loads use MERGE.
STEPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("scales", "learning/bulk_scales", ()),
    ("actors", "learning/bulk_actors", ()),
    ("cycles", "learning/bulk_cycles", ()),
    ("feeds_into", "learning/bulk_cycle_links", ("peers", "participants", "explores")),
    ("experiments", "learning/bulk_experiments", ()),
    ("co_designers", "learning/bulk_experiment_links", ("interventions",)),
    ("next_iterations", "learning/bulk_next_iterations", ()),
    ("evidence", "learning/bulk_evidence", ()),
    ("patterns", "learning/bulk_patterns", ()),
    ("sessions", "learning/bulk_sensemaking", ("decisions",)),
    ("conditions", "learning/bulk_conditions", ("acts_on",)),
]


CREATING = {
    "cycles": "learning/bulk_cycles_new",
    "experiments": "learning/bulk_experiments_new",
    "evidence": "learning/bulk_evidence_new",
}


def write_learning_tx(
    tx: ManagedTransaction,
    doc: Doc,
    *,
    refuse_existing: bool = True,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> dict[str, Any]:
    """Check ``doc`` and write it inside ``tx``; the report: ``{"written": {list: rows}}``.

    The role check for bulk writes goes at the start of the public :func:`write_learning` caller
    (the API route), not here, so the loaders of shipped data keep working unchanged."""
    doc = check_learning_tx(tx, doc, refuse_existing)
    stored_targets = {t for k in doc["conditions"] for f in ("blocks", "supports") for t in k.get(f) or []}
    kinds = {x["id"]: "experiment" for x in doc["experiments"]} | {c["id"]: "cycle" for c in doc["cycles"]}
    missing = sorted(t for t in stored_targets if t not in kinds)
    if missing:
        found = run(tx, "learning/nodes_exist", ids=missing)
        kinds |= {row["id"]: ("experiment" if "Experiment" in row["labels"] else "cycle") for row in found}
    rows = rows_of(doc, kinds)
    if refuse_existing:  # a stored scale the document names (at its level) is kept as it is
        stored = {row["id"] for row in run(tx, "learning/bulk_scale_levels")}
        rows["scales"] = [s for s in rows["scales"] if s["id"] not in stored]
    before = {} if refuse_existing else _stored(tx, rows)
    for name, query, whole in STEPS:
        if refuse_existing:
            query = CREATING.get(name, query)
        _write_step(tx, rows, name, query, whole, progress, chunk)
    changes_bulk.record_written(tx, _written(rows, before), chunk=chunk, via="bulk")
    return {"written": {name: len(rows[name]) for name in LISTS}}


def _written(rows: dict[str, list[Any]], before: dict[tuple[str, str], dict[str, Any]]) -> Any:
    """(kind, id, properties after, before) of every node the document writes (not the elements a
    cycle brings: a single cycle write records the cycle only): each one's history record."""
    for name, kind in NODE_KINDS.items():
        for row in rows[name]:
            stored = before.get((kind, row["id"]))
            yield kind, row["id"], row["props"] if stored is None else {**stored, **row["props"]}, stored


def _stored(tx: ManagedTransaction, rows: dict[str, list[Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored properties of the nodes a merging load writes again (one query; by kind, id)."""
    scales = [row["id"] for row in rows["scales"]]
    entities = [row["id"] for name in NODE_KINDS if name != "scales" for row in rows[name]]
    found = run(tx, "learning/bulk_before", entities=entities, scales=scales)[0]
    kinds = {row["id"]: kind for name, kind in NODE_KINDS.items() if name != "scales" for row in rows[name]}
    return {("scale", i): props for i, props in found["scales"]} | {
        (kinds[i], i): props for i, props in found["entities"]}


def _write_step(
    tx: ManagedTransaction,
    rows: dict[str, list[Any]],
    name: str,
    query: str,
    whole: tuple[str, ...],
    progress: Progress | None,
    chunk: int,
) -> None:
    """One list's rows, chunk by chunk; the ``whole`` lists ride along with the LAST chunk (they may
    refer to any row of the list: an ACTS_ON to the last condition)."""
    total = len(rows[name])
    if not total and not any(rows[other] for other in whole):
        return  # nothing to write: no round trip
    starts = range(0, max(total, 1), chunk)
    for start in starts:
        params = {
            name: rows[name][start : start + chunk],
            **{other: rows[other] if start == starts[-1] else [] for other in whole},
        }
        matched = run(tx, query, **params)[0]
        short = {k: (matched[k], len(v)) for k, v in params.items() if matched[k] != len(v)}
        if short:
            raise RuleBroken(
                "bulk_incomplete",
                f"the {name} step matched fewer rows than it was given ({short}); nothing was written",
                step=name,
            )
        if progress:
            progress(name, min(start + chunk, total), total)


def may_write_in_bulk() -> None:
    """Only an admin writes a learning document: one document may create scales and actors and
    touch any cycle, which no narrower role may (``graph.learning.access``). Every API and CLI bulk
    write passes through here first; the local machine (CLI, notebooks) is an admin."""
    require_admin_for("write a learning document (POST /bulk)")


def write_learning_checked(
    tx: ManagedTransaction, doc: Doc, progress: Progress | None = None
) -> dict[str, Any]:
    """:func:`write_learning_tx` refusing existing ids (the API's and the CLI's form), after the
    role check (:func:`may_write_in_bulk`)."""
    may_write_in_bulk()
    return write_learning_tx(tx, doc, refuse_existing=True, progress=progress)


write_learning = writes(write_learning_checked)

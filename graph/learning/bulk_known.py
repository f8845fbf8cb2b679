"""What a bulk write's check knows (``graph.learning.bulk_rules``): the problems found so far, and
which ids exist — those the learning document defines and those the database already holds, asked
once for the whole document (``learning/bulk_existing``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import run
from graph.core.errors import AppError
from graph.learning.ids import check_id
from graph.learning.model import ElementKind
from graph.learning.store import KINDS_BY_LABEL

Doc = dict[str, Any]
Problem = dict[str, Any]
# Node lists of the document -> the kind their ids have (as errors name it), in writing order.
NODE_KINDS = {
    "scales": "scale",
    "actors": "actor",
    "cycles": "cycle",
    "experiments": "experiment",
    "evidence": "evidence",
    "patterns": "pattern",
    "sessions": "session",
    "decisions": "decision",
    "conditions": "condition",
}
# The kinds a reference may name that a document never holds (they live in the systems wing).
FOREIGN_KINDS = ("system", "factor")
# Enum fields per list, checked here too (the API's pydantic models check them first; the loaders

MAX_PROBLEMS = 20


class Problems:
    """The problems found so far (the first :data:`MAX_PROBLEMS` are kept, all are counted)."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.count = 0

    def add(self, kind: str, index: int, id: Any, field: str | None, rule: str, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(
                {"kind": kind, "index": index, "id": id, "field": field, "rule": rule, "message": message}
            )

    def refusal(self, kind: str, index: int, id: Any, field: str | None, check: Callable[[], None]) -> None:
        """Run one single-write rule; its refusal becomes a problem."""
        try:
            check()
        except AppError as refused:
            self.add(kind, index, id, field, refused.details.get("rule", refused.code), refused.message)


def items(doc: Doc, name: str) -> Iterator[tuple[int, Any]]:
    return enumerate(doc.get(name) or [])


class Known:
    """Which ids exist, per kind: those the document defines and those the database holds."""

    def __init__(self, tx: ManagedTransaction, doc: Doc, problems: Problems, refuse_existing: bool) -> None:
        self.doc = {kind: {} for kind in NODE_KINDS.values()}
        # Ids are one namespace across the kinds (scales aside): id -> the kind that first takes it,
        # with the five elements each cycle brings ("<cycle>:<kind>").
        named: dict[str, str] = {}
        for name, kind in NODE_KINDS.items():
            for index, item in items(doc, name):
                problems.refusal(
                    name, index, item.get("id"), "id", lambda i=item, k=kind: check_id(i["id"], k)
                )
                space = named if kind != "scale" else dict.fromkeys(self.doc[kind], kind)
                for id, as_kind in ids_of(kind, item):
                    if id in space:
                        problems.add(name, index, id, "id", "duplicate_id", f"id {id!r} appears twice "
                                     f"in the document (as {space[id]} and {as_kind})")
                    else:
                        space[id] = as_kind
                self.doc[kind].setdefault(item["id"], item)
        # ONE look-up: the document's ids and the ids it refers to but does not define, against the
        # kinds that share the Entity id namespace (unique on id; the stored node's labels say its
        # kind), and the scales, systems and factors by their own labels.
        lookup = set(named)
        wanted: dict[str, list[str]] = {"scale": sorted(self.doc["scale"]), **{k: [] for k in FOREIGN_KINDS}}
        for kind, ids in _references(doc):
            missing = (i for i in ids if i not in self.doc.get(kind, {}))
            if kind in wanted:
                wanted[kind].extend(missing)
            else:
                lookup.update(missing)
        found = run(tx, "learning/bulk_existing", entity=sorted(lookup),
                    **{k: sorted(set(v)) for k, v in wanted.items()})[0]
        self.db: dict[str, set[str]] = {kind: set(found[kind]) for kind in wanted}
        stored: dict[str, str] = {}
        self.condition_kinds: dict[str, str] = {}  # a stored condition's kind (barrier or enabler)
        for id, labels, condition_kind in found["entity"]:
            kind = _kind_of(labels)
            self.db.setdefault(kind, set()).add(id)
            if id in named:
                stored[id] = kind
            if kind == "condition":
                self.condition_kinds[id] = condition_kind
        for name, kind in NODE_KINDS.items():
            for index, item in items(doc, name) if kind != "scale" else ():
                for id, as_kind in ids_of(kind, item):
                    held = stored.get(id)
                    if held is None or (held == as_kind and not refuse_existing):
                        continue  # free, or the same node again (a merging load)
                    problems.add(
                        name, index, id, "id", "duplicate_id",
                        f"a {held} with id {id!r} already exists" + (
                            "" if held == as_kind else f" (one id namespace: the {as_kind} cannot take it)"),
                    )
                    break

    def has(self, kind: str, id: str) -> bool:
        return id in self.doc.get(kind, {}) or id in self.db.get(kind, set())


def ids_of(kind: str, item: dict[str, Any]) -> list[tuple[str, str]]:
    """The ids a document item takes, with their kinds: its own, and a cycle's five elements'."""
    taken = [(item["id"], kind)]
    if kind == "cycle":
        taken += [(f"{item['id']}:{element.value}", "element") for element in ElementKind]
    return taken


def _kind_of(labels: list[str]) -> str:
    """The kind of a stored node with these labels (its own label besides ``Entity``)."""
    return next((KINDS_BY_LABEL[label] for label in labels if label in KINDS_BY_LABEL), "entity")


def _references(doc: Doc) -> Iterator[tuple[str, Iterable[str]]]:
    """Every (kind, ids) the document refers to, for one existence look-up."""
    yield "scale", [c["scale"] for c in doc.get("cycles") or []]
    yield (
        "cycle",
        [x["cycle"] for name in ("experiments", "sessions", "decisions") for x in doc.get(name) or []],
    )
    yield "cycle", [c for k in doc.get("conditions") or [] for c in k["raised_by"]]
    yield "cycle", [k["resolved_by"] for k in doc.get("conditions") or [] if k.get("resolved_by")]
    yield "cycle", [i for pair in (doc.get("feeds_into") or []) + (doc.get("peers") or []) for i in pair]
    yield "cycle", [row["cycle"] for name in ("participants", "acts_on") for row in doc.get(name) or []]
    yield "cycle", [pair[0] for pair in doc.get("explores") or []]
    yield "system", [pair[1] for pair in doc.get("explores") or []]
    yield "actor", [row["actor"] for row in doc.get("participants") or []]
    yield "actor", [a for x in doc.get("experiments") or [] for a in x.get("co_designers") or []]
    yield "actor", [a for s in doc.get("sessions") or [] for a in s.get("attendees") or []]
    yield "factor", [f for x in doc.get("experiments") or [] for f in x.get("intervenes_on") or []]
    yield "experiment", [e["experiment"] for e in doc.get("evidence") or []]
    yield "experiment", [i for pair in doc.get("next_iterations") or [] for i in pair]
    yield (
        "evidence",
        [d["evidence_id"] for p in doc.get("patterns") or [] for d in p.get("derived_from") or []],
    )
    yield "pattern", [p for s in doc.get("sessions") or [] for p in s.get("patterns") or []]
    yield "pattern", [p for d in doc.get("decisions") or [] for p in d.get("informed_by") or []]
    yield "condition", [row["condition"] for row in doc.get("acts_on") or []]
    targets = [
        t for k in doc.get("conditions") or [] for t in (k.get("blocks") or []) + (k.get("supports") or [])
    ]
    yield "experiment", targets
    yield "cycle", targets

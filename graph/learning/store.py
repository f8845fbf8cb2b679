"""What every learning-structure module shares: the label of each kind of thing, existence checks that
name the missing id, the duplicate-id refusal, pages of results, property updates and the summary a
delete answers with.

Each kind has three named queries, listed in :data:`KIND_QUERIES`: ``by_ids`` (public shape, one
``item`` per id), ``page`` (``total`` and one page of ``ids`` for the filters) and ``update``
(``SET n += $props``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes, trash
from graph.core.db import run
from graph.core.errors import Conflict, NotFound
from graph.learning.access import require_admin_for, require_write_on
from graph.learning.ids import check_id, new_id
from graph.learning.model import timestamp

# kind (as errors and query names say it) -> label in Neo4j
LABELS: dict[str, str] = {
    "scale": "Scale",
    "cycle": "LearningCycle",
    "element": "CycleElement",
    "actor": "Actor",
    "experiment": "Experiment",
    "evidence": "Evidence",
    "pattern": "Pattern",
    "session": "SensemakingSession",
    "decision": "Decision",
    "condition": "Condition",
    "outcome_system": "OutcomeSystem",
    "factor": "Factor",
}
KINDS_BY_LABEL = {label: kind for kind, label in LABELS.items()}
# The kinds of the learning structure: one id namespace (the ``Entity`` label, unique on ``id``).
# Scales keep their own (a cycle may be called "team" like the scale it runs at).
ENTITY_LABELS = frozenset(LABELS[k] for k in (
    "cycle", "element", "actor", "experiment", "evidence", "pattern", "session", "decision",
    "condition",
))


@dataclass(frozen=True)
class KindQueries:
    by_ids: str
    page: str
    update: str
    # (filter, query): the page query to run when that filter is given, the first given one winning;
    # it starts from that filter's node instead of every node of the kind (an experiment's evidence
    # among 1.7 million) and checks the other filters as ``page`` does.
    anchored: tuple[tuple[str, str], ...] = ()


KIND_QUERIES: dict[str, KindQueries] = {
    "scale": KindQueries("learning/scale_by_ids", "learning/scale_page", "learning/scale_update"),
    "cycle": KindQueries("learning/cycle_by_ids", "learning/cycle_page", "learning/cycle_update",
                         (("scale", "learning/cycle_page_of_scale"),)),
    "actor": KindQueries("learning/actor_by_ids", "learning/actor_page", "learning/actor_update",
                         (("cycle", "learning/actor_page_of_cycle"),)),
    "experiment": KindQueries(
        "learning/experiment_by_ids", "learning/experiment_page", "learning/experiment_update",
        (("cycle", "learning/experiment_page_of_cycle"),),
    ),
    "evidence": KindQueries(
        "learning/evidence_by_ids", "learning/evidence_page", "learning/evidence_update",
        (("experiment", "learning/evidence_page_of_experiment"),
         ("cycle", "learning/evidence_page_of_cycle")),
    ),
    "pattern": KindQueries(
        "learning/pattern_by_ids", "learning/pattern_page", "learning/pattern_update",
        (("evidence", "learning/pattern_page_of_evidence"), ("session", "learning/pattern_page_of_session")),
    ),
    "session": KindQueries("learning/session_by_ids", "learning/session_page", "learning/session_update",
                           (("cycle", "learning/session_page_of_cycle"),)),
    "decision": KindQueries("learning/decision_by_ids", "learning/decision_page", "learning/decision_update",
                            (("cycle", "learning/decision_page_of_cycle"),)),
    "condition": KindQueries(
        "learning/condition_by_ids", "learning/condition_page", "learning/condition_update",
        (("cycle", "learning/condition_page_of_cycle"),
         ("acted_on_by", "learning/condition_page_of_acted_on_by")),
    ),
}
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Pages are cut with a Cypher list slice, whose bounds Neo4j takes as 32-bit ints; a billion stays
# clear of that (offset + MAX_LIMIT) and beyond any real list, so larger offsets are refused.
MAX_OFFSET = 1_000_000_000

Item = dict[str, Any]
Shape = Callable[[Item], Item]


def labels_by_id(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, list[str]]:
    """For each id, the domain labels that hold a node with that id (empty list: none)."""
    return {row["id"]: row["labels"] for row in run(tx, "learning/nodes_exist", ids=list(ids))}


def missing(tx: ManagedTransaction, kind: str, ids: Iterable[str]) -> list[str]:
    """The ids (in the order given) for which no node of ``kind`` exists."""
    ids = list(ids)
    if not ids:
        return []
    found = labels_by_id(tx, ids)
    return [i for i in ids if LABELS[kind] not in found.get(i, [])]


def require(tx: ManagedTransaction, kind: str, *ids: str, **details: Any) -> None:
    """404 naming the first id in ``ids`` that is not a ``kind`` (``details`` say its role)."""
    gone = missing(tx, kind, ids)
    if gone:
        raise NotFound(kind, gone[0], **details)


def exists(tx: ManagedTransaction, kind: str, id: str) -> bool:
    return not missing(tx, kind, [id])


def refuse_duplicate(tx: ManagedTransaction, kind: str, id: str) -> None:
    """409 when any entity of the learning structure holds ``id`` already: ids are one namespace
    across kinds (the ``Entity`` uniqueness constraint enforces it under races too)."""
    held = [label for label in labels_by_id(tx, [id]).get(id, [])
            if label in ENTITY_LABELS or label == LABELS[kind]]
    if held:
        other = KINDS_BY_LABEL[held[0]]
        taken_by = "a" if other == kind else f"another kind of thing (a {other})"
        raise Conflict("duplicate_id", f"id {id!r} is taken by {taken_by}", kind=kind, id=id,
                       taken_by=other)


def touch(tx: ManagedTransaction, kind: str, id: str, /, *, op: str = "update", **detail: Any) -> Item:
    """Lock node ``id`` of ``kind`` for this change, check the request's If-Match, note it for its
    new version and history (``graph.core.changes``); its stored properties. 404 if missing."""
    props = changes.touch(tx, kind, LABELS[kind], id, op=op, **detail)
    if props is None:
        raise NotFound(kind, id)
    return props


def new_identity(tx: ManagedTransaction, kind: str, data: Mapping[str, Any], name: str | None) -> str:
    """The id of a thing about to be created: the caller's (checked: well-formed, not taken) or a
    fresh one made from ``name``."""
    chosen = data.get("id")
    identity = check_id(chosen, kind) if chosen else new_id(name, prefix=kind)
    refuse_duplicate(tx, kind, identity)
    return identity


def fetch(tx: ManagedTransaction, kind: str, ids: Iterable[str], shape: Shape | None = None) -> list[Item]:
    """Public shapes of the ``kind`` nodes with ``ids``, in the order given (missing ids skipped)."""
    ids = list(ids)
    changes.settle(tx)  # inside a write: what it changed shows its new version
    found = {row["item"]["id"]: row["item"] for row in run(tx, KIND_QUERIES[kind].by_ids, ids=ids)}
    items = [found[i] for i in ids if i in found]
    return [shape(item) for item in items] if shape else items


def fetch_one(tx: ManagedTransaction, kind: str, id: str, shape: Shape | None = None, **details: Any) -> Item:
    items = fetch(tx, kind, [id], shape)
    if not items:
        raise NotFound(kind, id, **details)
    return items[0]


def page(
    tx: ManagedTransaction, kind: str, /, *, limit: int = DEFAULT_LIMIT, offset: int = 0,
    shape: Shape | None = None, **filters: Any,
) -> dict[str, Any]:
    """``{"items", "total", "limit", "offset"}``: one page of ``kind`` matching ``filters`` (a ``None``
    filter matches everything), in the stable order of the ``<kind>_page`` query."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    kind_queries = KIND_QUERIES[kind]
    query = next((name for key, name in kind_queries.anchored if filters.get(key) is not None),
                 kind_queries.page)
    row = run(tx, query, limit=limit, offset=offset, **filters)[0]
    return {"items": fetch(tx, kind, row["ids"], shape), "total": row["total"], "limit": limit,
            "offset": offset}


def set_props(tx: ManagedTransaction, kind: str, id: str, props: Mapping[str, Any]) -> None:
    """Write ``props`` onto node ``id`` of ``kind`` (404 if it does not exist; 401/403 unless the
    caller may write it: ``graph.learning.access``), as one versioned, recorded change (see
    :func:`touch`)."""
    require_write_on(tx, kind, id, "change")
    touch(tx, kind, id)
    if not run(tx, KIND_QUERIES[kind].update, id=id, props=dict(props)):
        raise NotFound(kind, id)


def update(
    tx: ManagedTransaction, kind: str, id: str, changes: Mapping[str, Any], fields: Iterable[str], /,
) -> Item:
    """Write the ``changes`` that are among ``fields`` onto node ``id`` of ``kind``; answer it."""
    allowed = set(fields)
    set_props(tx, kind, id, {k: v for k, v in changes.items() if k in allowed})
    return fetch_one(tx, kind, id)


def new_props(
    tx: ManagedTransaction, kind: str, data: Mapping[str, Any], fields: Iterable[str], /, *,
    name: str | None = None, owner: tuple[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None, stamped: Iterable[str] = (),
) -> dict[str, Any]:
    """The properties of a new ``kind`` node from ``data``: its id (see ``new_identity``), the
    ``fields`` that have a value, ``defaults`` for those that have none, and each ``stamped`` field
    set to now unless given. ``owner`` (kind, id), if named, must exist: it is checked first."""
    if owner:
        require_write_on(tx, *owner, f"create a {kind}")
        require(tx, *owner)
    else:
        require_write_on(tx, kind, "", f"create a {kind}")
    props = {"id": new_identity(tx, kind, data, name), **(defaults or {}), **changes.stamps()}
    changes.created(tx, kind, LABELS[kind], props["id"])  # the caller creates it in this transaction
    props.update({field: data[field] for field in fields if data.get(field) is not None})
    for field in stamped:
        props[field] = props.get(field) or timestamp()
    return props


def deleted(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The answer of a delete: node counts per label that went, and what was affected."""
    return {
        "deleted": dict(summary["deleted"]),
        "detached_lower_cycles": list(summary.get("detached_lower_cycles") or []),
        "patterns_left_without_evidence": list(summary.get("patterns_left_without_evidence") or []),
    }


def delete(tx: ManagedTransaction, kind: str, query: str, id: str, /, **params: Any) -> dict[str, Any]:
    """Run the delete ``query`` for node ``id`` of ``kind``; 404 if it does not exist. Deleting
    needs write on the node (``graph.learning.access``); a ``detach`` delete or an actor's, an admin.
    What goes (the node and what its delete cascades to, with their relationships) goes to the trash
    first."""
    if params.get("detach") or kind == "actor":
        require_admin_for(f"delete a {kind}" + (" with detach" if params.get("detach") else ""))
    require_write_on(tx, kind, id, "delete")
    touch(tx, kind, id, op="delete")
    gone = trash.before_delete(tx, kind, LABELS[kind], id)
    rows = run(tx, query, id=id, **params)
    if not rows:
        raise NotFound(kind, id)
    trash.after_delete(tx, gone)
    return deleted(rows[0])


# (Un)link queries of relationships that carry a value -> the query reading that value before the
# change (``$id``, ``$other``): recorded as ``was`` in the change, so undo can put it back.
RELATIONSHIP_VALUE = {
    "cycle_participant_set": "changes/participant_role",
    "cycle_participant_remove": "changes/participant_role",
    "pattern_derived_set": "changes/derived_stance", "pattern_derived_remove": "changes/derived_stance",
}


def link(
    tx: ManagedTransaction, kind: str, id: str, other_kind: str, other_id: str, query: str, /, *,
    shape: Shape | None = None, roles: tuple[str, str] | None = None, **params: Any,
) -> Item:
    """Run the (un)link ``query`` (parameters ``$id`` and ``params``) between node ``id`` of ``kind``
    and ``other_id`` of ``other_kind``, 404 naming whichever is missing (and its role, if ``roles``
    are given); answer ``kind`` as it now is."""
    first, second = ({"role": roles[0]}, {"role": roles[1]}) if roles else ({}, {})
    require_write_on(tx, kind, id, "link")
    require(tx, kind, id, **first)
    require(tx, other_kind, other_id, **second)
    op = "unlink" if query.endswith("_remove") else "link"
    name = query.split("/")[-1]
    touch(tx, kind, id, op=op, query=name, other=other_id)
    if name in RELATIONSHIP_VALUE:  # the value it replaces, read under the lock: history keeps it for undo
        touch(tx, kind, id, was=run(tx, RELATIONSHIP_VALUE[name], id=id, other=other_id)[0]["value"])
    run(tx, query, id=id, **params)
    return fetch_one(tx, kind, id, shape)


def link_each(tx: ManagedTransaction, query: str, id: str, param: str, others: Iterable[str]) -> None:
    """Run the link ``query`` from ``id`` to each of ``others`` once (``$id``, ``$<param>``)."""
    for other in dict.fromkeys(others):
        run(tx, query, id=id, **{param: other})

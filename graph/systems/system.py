"""Outcome systems in Neo4j: save a whole :class:`SystemSnapshot` in one transaction, read one back,
read one as a networkx graph for analysis, and the system-level operations of the API.

Stored shape (docs/design.md "Outcome systems"):
``(:OutcomeSystem {id, name, outcome, description?})``,
``(:Factor {id, local_id, name, description, x?, y?, <extras>})-[:PART_OF]->(:OutcomeSystem)``,
``(:Factor)-[:IN_CLUSTER]->(:Cluster {id, name, colour?})-[:PART_OF]->(:OutcomeSystem)``,
``(:Factor)-[:INFLUENCES {polarity?, strength?, delay, evidence?, <extras>}]->(:Factor)``
(no ``polarity``: unknown).
Factor and cluster ids are ``<system id>:<local id>``.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from graph.core import changes as changes_
from graph.core import trash
from graph.core.db import Graph, run, run_lean
from graph.core.errors import Conflict, NotFound, RuleBroken
from graph.core.roles import require_role
from graph.systems import import_history
from graph.systems.snapshot import (
    CORE_FACTOR_KEYS,
    CORE_LINK_KEYS,
    SnapshotCluster,
    SnapshotFactor,
    SnapshotLink,
    SystemSnapshot,
    name_key,
    to_digraph,
    validate_snapshot,
)

__all__ = [
    "SystemSnapshot", "create_system", "delete_system", "get_system", "list_systems", "load_snapshot",
    "read_system_graph", "require_system", "save_system", "update_system",
]


# --- whole systems -------------------------------------------------------------------------------


def save_system(graph: Graph, snapshot: SystemSnapshot, replace: bool = False, *, detach: bool = False,
                ) -> dict[str, int]:
    """Write ``snapshot`` in ONE write transaction; the counts written (see :func:`write_system`)."""
    return graph.write_tx(lambda tx: write_system(tx, snapshot, replace, detach=detach))


def write_system(
    tx: ManagedTransaction,
    snapshot: SystemSnapshot,
    replace: bool = False,
    *,
    detach: bool = False,
) -> dict[str, int]:
    """Write ``snapshot`` inside ``tx`` (so a caller can make it part of a larger change).

    A system with this id already there: 409 unless ``replace``. Replacing keeps the system node
    and the factor nodes whose ids stay (so EXPLORES and INTERVENES_ON links survive), deletes every
    old link and cluster and the factors that are gone, then writes the new ones. A gone factor that
    an experiment intervenes on is refused (409) unless ``detach`` — data is not lost silently.
    Writing needs a contributor; replacing with ``detach``, an admin (graph.core.roles).
    """
    require_role("admin" if detach else "contributor",
                 "replace outcome systems with detach" if detach else "write outcome systems")
    validate_snapshot(snapshot)
    factor_rows = [_factor_row(snapshot, f) for f in snapshot.factors]
    factor_ids = [row["id"] for row in factor_rows]
    cluster_rows = [
        {"id": snapshot.cluster_id(c.local_id), "props": without_none({"name": c.name, "colour": c.colour})}
        for c in snapshot.clusters
    ]
    link_rows = [_link_row(snapshot, link) for link in snapshot.links]
    system_props = without_none(
        {"name": snapshot.name, "outcome": snapshot.outcome, "description": snapshot.description}
    )

    exists = changes_.touch(tx, "outcome_system", "OutcomeSystem", snapshot.id, op="import") is not None
    if not exists:
        changes_.created(tx, "outcome_system", "OutcomeSystem", snapshot.id)
    if exists and not replace:
        raise Conflict(
            "system_exists",
            f"an outcome system with id {snapshot.id!r} exists already; "
            "replace it explicitly (replace=true) or choose another id",
            id=snapshot.id,
        )
    taken = run(
        tx,
        "systems/system_ids_taken_elsewhere",
        system_id=snapshot.id,
        factor_ids=factor_ids,
        cluster_ids=[row["id"] for row in cluster_rows],
    )
    if taken:
        ids = sorted(row["id"] for row in taken)
        raise Conflict(
            "id_taken", f"ids already used outside system {snapshot.id!r}: {', '.join(ids[:5])}", ids=ids
        )
    removed, stored = 0, import_history.stored_parts(tx, snapshot.id) if exists else import_history.NOTHING
    import_history.stamp(factor_rows, cluster_rows, link_rows, stored)
    if exists:
        usage = run(tx, "systems/system_usage", system_id=snapshot.id, keep=factor_ids)[0]
        if usage["interventions"] and not detach:
            raise _in_use(snapshot.id, usage["interventions"], [], "replace")
        run(tx, "systems/system_clear_links", system_id=snapshot.id)
        run(tx, "systems/system_clear_clusters", system_id=snapshot.id)
        removed = run(tx, "systems/system_remove_factors", system_id=snapshot.id,
                      keep=factor_ids)[0]["deleted"]
        run(tx, "systems/system_upsert", system_id=snapshot.id, props=system_props)
    else:
        run(tx, "systems/system_create", system_id=snapshot.id, props=system_props)
    run(tx, "systems/system_write_clusters", system_id=snapshot.id, rows=cluster_rows)
    run(tx, "systems/system_write_factors", system_id=snapshot.id, rows=factor_rows)
    written = run(tx, "systems/system_write_links", rows=link_rows)[0]["written"]
    if written != len(link_rows):  # cannot happen after validation; never commit half a map
        raise RuleBroken("links_not_written", f"wrote {written} of {len(link_rows)} links")
    import_history.record(tx, snapshot.id, factor_rows, cluster_rows, link_rows, stored)
    return {**snapshot.counts(), "replaced": int(exists), "removed_factors": removed}


def load_snapshot(graph: Graph, system_id: str) -> SystemSnapshot:
    """The stored system as a :class:`SystemSnapshot` (one read transaction); 404 if missing."""
    return graph.read_tx(lambda tx: read_snapshot(tx, system_id))


def read_snapshot(tx: ManagedTransaction, system_id: str) -> SystemSnapshot:
    """:func:`load_snapshot` inside an open transaction."""
    rows = run(tx, "systems/system_get", system_id=system_id)
    if not rows:
        raise NotFound("outcome system", system_id)
    system = rows[0]["system"]
    prefix = len(system_id) + 1
    clusters = [
        SnapshotCluster(row["cluster"]["id"][prefix:], row["cluster"]["name"], row["cluster"].get("colour"))
        for row in run(tx, "systems/system_snapshot_clusters", system_id=system_id)
    ]
    factors = []
    local_ids: dict[str, str] = {}
    for row in run(tx, "systems/system_snapshot_factors", system_id=system_id):
        props = dict(row["factor"])
        local_id = props.get("local_id") or props["id"][prefix:]
        local_ids[props["id"]] = local_id
        factors.append(
            SnapshotFactor(
                local_id=local_id,
                name=props["name"],
                description=props.get("description", ""),
                cluster=row["cluster_id"][prefix:] if row["cluster_id"] else None,
                x=props.get("x"),
                y=props.get("y"),
                properties={k: v for k, v in props.items() if k not in CORE_FACTOR_KEYS},
            )
        )
    links = []
    for row in run(tx, "systems/system_snapshot_links", system_id=system_id):
        props = dict(row["link"])
        links.append(
            SnapshotLink(
                source=local_ids[row["source"]],
                target=local_ids[row["target"]],
                polarity=props.pop("polarity", None),
                strength=props.pop("strength", None),
                delay=props.pop("delay", False),
                evidence=props.pop("evidence", None),
                properties={k: v for k, v in props.items() if k not in CORE_LINK_KEYS},
            )
        )
    return SystemSnapshot(
        id=system_id,
        name=system["name"],
        outcome=system.get("outcome", ""),
        description=system.get("description"),
        factors=factors,
        clusters=clusters,
        links=links,
    )


def read_system_graph(graph: Graph, system_id: str) -> nx.DiGraph:
    """The system as a networkx DiGraph for analysis (one read transaction); 404 if missing.

    Nodes are keyed by full factor id with ``local_id, name, description, cluster`` (name or None),
    ``cluster_id, x, y``; edges carry ``polarity`` (+1/-1/None), ``strength, delay, evidence``; the graph
    carries ``id, name, outcome``.
    """
    return to_digraph(load_snapshot(graph, system_id))


# Analysis graphs read, by (driver, database, system id) → (database state, graph); a few at most.
_PROJECTIONS: OrderedDict[tuple[int, str, str], tuple[frozenset[str], nx.DiGraph]] = OrderedDict()
_PROJECTIONS_LOCK = threading.Lock()  # requests read in a thread pool
PROJECTIONS_KEPT = 8
_READING: dict[tuple[int, str, str], threading.Lock] = {}  # one read of a system at a time
_READ_Q = "systems/analysis_graph"
# The state each graph handed out was read at: its name in answer caches (app/bounded.py; not a pickle).
READ_AT: weakref.WeakKeyDictionary[nx.DiGraph, tuple[str, ...]] = weakref.WeakKeyDictionary()


def read_analysis_graph(graph: Graph, system_id: str) -> nx.DiGraph:
    """:func:`read_system_graph`, the same graph, read as three lists in one row (no snapshot on the
    way): several times faster on a map of thousands of factors. Kept with the database state it was
    read at (:meth:`Graph.read_versioned`) and served again while the database is in that state (any
    write, by any process, changes it: never stale). Callers must not change the graph they get."""
    key, now = (id(graph.driver), graph.database, system_id), graph.version()
    with _PROJECTIONS_LOCK:
        kept, reading = _PROJECTIONS.get(key), _READING.setdefault(key, threading.Lock())
    if kept is None or kept[0] != now:
        with reading:  # who comes while another reads this system takes that graph (if of `now`)
            with _PROJECTIONS_LOCK:
                kept = _PROJECTIONS.get(key)
            if kept is None or kept[0] != now:
                rows, state = graph.read_versioned(lambda tx: run_lean(tx, _READ_Q, system_id=system_id))
                if not rows:
                    raise NotFound("outcome system", system_id)
                kept = (state, _analysis_graph(system_id, rows))
                READ_AT[kept[1]] = tuple(sorted(state))
                with _PROJECTIONS_LOCK:
                    _PROJECTIONS[key] = kept
                    while len(_PROJECTIONS) > PROJECTIONS_KEPT:
                        _PROJECTIONS.popitem(last=False)
    with _PROJECTIONS_LOCK:
        if key in _PROJECTIONS:
            _PROJECTIONS.move_to_end(key)  # least recently used goes first
    return kept[1]


def _analysis_graph(system_id: str, rows: list[dict[str, Any]]) -> nx.DiGraph:
    system, prefix = rows[0]["system"], len(system_id) + 1
    G = nx.DiGraph(id=system_id, name=system["name"], outcome=system.get("outcome", ""))
    for fid, local_id, name, description, cluster, cluster_id, x, y in rows[0]["factors"]:
        G.add_node(fid, local_id=local_id or fid[prefix:], name=name,
                   description="" if description is None else description,
                   cluster=cluster if cluster_id else None, cluster_id=cluster_id, x=x, y=y)
    for source, target, polarity, strength, delay, evidence, undirected in rows[0]["links"]:
        G.add_edge(source, target, polarity=polarity, strength=strength,
                   delay=False if delay is None else delay, evidence=evidence,
                   **({"undirected": True} if undirected is True else {}))
    return G


# --- the system-level operations of the API ------------------------------------------------------


def list_systems(graph: Graph, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """One page of systems (ordered by id) with their counts, and the total."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        total = run(tx, "systems/system_count_all")[0]["total"]
        items = [row["system"] for row in run(tx, "systems/system_list", limit=limit, offset=offset)]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    return graph.read_tx(work)


def create_system(graph: Graph, system_id: str, props: dict[str, Any]) -> dict[str, Any]:
    """A new, empty system; 409 if the id is taken."""
    validate_snapshot(SystemSnapshot(id=system_id, name=props.get("name", ""), outcome=""))

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "create outcome systems")
        if run(tx, "systems/system_get", system_id=system_id):
            raise Conflict(
                "system_exists", f"an outcome system with id {system_id!r} exists already", id=system_id
            )
        run(tx, "systems/system_create", system_id=system_id, props=without_none(props))
        changes_.created(tx, "outcome_system", "OutcomeSystem", system_id)
        return system_with_counts(tx, system_id)

    return graph.write_tx(work)


def get_system(graph: Graph, system_id: str) -> dict[str, Any]:
    """A system's properties and its factor, cluster and link counts; 404 if missing."""
    return graph.read_tx(lambda tx: system_with_counts(tx, system_id))


def system_with_counts(tx: ManagedTransaction, system_id: str) -> dict[str, Any]:
    changes_.settle(tx)  # inside a write: what it changed shows its new version
    system = require_system(tx, system_id)
    counts = run(tx, "systems/system_counts", system_id=system_id)[0]
    return {**system, "counts": counts}


def update_system(graph: Graph, system_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Changes name, outcome or description (None removes the description); 404 if missing."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("contributor", "change outcome systems")
        changes_.touch(tx, "outcome_system", "OutcomeSystem", system_id)
        require_system(tx, system_id)
        if changes:
            run(tx, "systems/system_update", system_id=system_id, changes=changes)
        return system_with_counts(tx, system_id)

    return graph.write_tx(work)


def delete_system(graph: Graph, system_id: str, detach: bool = False) -> dict[str, Any]:
    """Deletes the system with its factors, clusters and links, in one transaction.

    Refused (409) while experiments intervene on its factors or learning cycles explore it, unless
    ``detach``: then those INTERVENES_ON / EXPLORES links are deleted too and reported.
    """

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_role("admin", "delete outcome systems")
        changes_.touch(tx, "outcome_system", "OutcomeSystem", system_id, op="delete")
        require_system(tx, system_id)
        gone = trash.before_delete(tx, "outcome_system", "OutcomeSystem", system_id)
        counts = run(tx, "systems/system_counts", system_id=system_id)[0]
        usage = run(tx, "systems/system_usage", system_id=system_id, keep=[])[0]
        if (usage["interventions"] or usage["explored_by"]) and not detach:
            raise _in_use(system_id, usage["interventions"], usage["explored_by"], "delete")
        run(tx, "systems/system_clear_clusters", system_id=system_id)
        run(tx, "systems/system_remove_factors", system_id=system_id, keep=[])
        run(tx, "systems/import_delete_all", system_id=system_id)
        run(tx, "systems/system_delete_node", system_id=system_id)
        trash.after_delete(tx, gone)
        return {
            "deleted": system_id,
            "factors": counts["factors"],
            "clusters": counts["clusters"],
            "links": counts["links"],
            "detached_interventions": usage["interventions"],
            "detached_explored_by": usage["explored_by"],
        }

    return graph.write_tx(work)


def require_system(tx: ManagedTransaction, system_id: str) -> dict[str, Any]:
    """The system's properties, or 404."""
    rows = run(tx, "systems/system_get", system_id=system_id)
    if not rows:
        raise NotFound("outcome system", system_id)
    return rows[0]["system"]


# --- helpers -------------------------------------------------------------------------------------


def _in_use(
    system_id: str, interventions: list[dict[str, str]], explored_by: list[str], action: str
) -> Conflict:
    parts = []
    if interventions:
        experiments = sorted({i["experiment"] for i in interventions})
        parts.append(f"experiments {', '.join(experiments)} intervene on its factors")
    if explored_by:
        parts.append(f"learning cycles {', '.join(sorted(explored_by))} explore it")
    return Conflict(
        "system_in_use", f"cannot {action} outcome system {system_id!r}: {'; '.join(parts)}. "
        "Pass detach=true to delete those links as well.",
        id=system_id, interventions=interventions, explored_by=explored_by,
    )


def without_none(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` without its None values (Neo4j stores no nulls: a missing property is the null)."""
    return {k: v for k, v in props.items() if v is not None}


def _factor_row(snapshot: SystemSnapshot, f: SnapshotFactor) -> dict[str, Any]:
    props = {
        **f.properties,
        "local_id": f.local_id,
        "name": f.name,
        "name_key": name_key(snapshot.id, f.name),
        "description": f.description,
        "x": None if f.x is None else float(f.x),
        "y": None if f.y is None else float(f.y),
    }
    return {
        "id": snapshot.factor_id(f.local_id),
        "props": without_none(props),
        "cluster_id": snapshot.cluster_id(f.cluster) if f.cluster else None,
    }


def _link_row(snapshot: SystemSnapshot, link: SnapshotLink) -> dict[str, Any]:
    props = {
        **link.properties,
        "polarity": None if link.polarity is None else int(link.polarity),
        "delay": bool(link.delay),
        "strength": None if link.strength is None else float(link.strength),
        "evidence": link.evidence,
    }
    return {"source": snapshot.factor_id(link.source), "target": snapshot.factor_id(link.target),
            "props": without_none(props)}

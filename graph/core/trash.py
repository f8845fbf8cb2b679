"""The trash: what a delete removed, kept for a retention period so it can come back.

A delete (the shared helpers of the learning structure and of outcome systems) first reads what it
may take with it (:func:`before_delete`: the node, what it owns, every relationship of each), runs,
then keeps what did go as one ``(:TrashEntry)`` (:func:`after_delete`), all in the delete's own
transaction. :func:`restore` creates the nodes again with their labels and properties and the
relationships whose other ends still exist, and says what it could not restore. Entries older than
``HLS_TRASH_RETENTION_DAYS`` are purged by the next delete and are no longer listed.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import ManagedTransaction

from graph.core import acting, changes, roles
from graph.core.db import run
from graph.core.errors import NotFound
from graph.core.settings import get_settings

# Labels that only mark a node (they never name what it is).
MARKERS = frozenset({"Entity", "HlsRestoring"})
Snapshot = dict[str, Any]


def main_label(labels: list[str]) -> str:
    """The label that says what a node is (``LearningCycle``, not the ``Entity`` marker)."""
    return next((label for label in sorted(labels) if label not in MARKERS), labels[0])


def _decode(props: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(props, default=str))


def before_delete(tx: ManagedTransaction, kind: str, label: str, id: str) -> Snapshot:
    """What deleting node ``id`` may remove, read in the delete's transaction before it runs."""
    rows = run(tx, "changes/trash_candidates", label=label, id=id)
    return {"kind": kind, "label": label, "entity": id, "rows": rows}


def nodes_of(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, Any]]:
    """``(main label, id) -> properties`` of the nodes ``snapshot`` names (read before the delete)."""
    return {(main_label(row["labels"]), row["props"]["id"]): _decode(row["props"])
            for row in snapshot["rows"] if row["props"].get("id") is not None}


def after_delete(tx: ManagedTransaction, snapshot: Snapshot) -> str | None:
    """Keep what the delete removed as one trash entry (its id; ``None`` when nothing went)."""
    rows = snapshot["rows"]
    gone = set(run(tx, "changes/trash_gone", eids=[row["eid"] for row in rows])[0]["gone"])
    nodes = [{"labels": row["labels"], "props": _decode(row["props"])} for row in rows if row["eid"] in gone]
    if not nodes:
        return None
    relationships: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["eid"] in gone:
            for rel in row["relationships"]:
                relationships.setdefault(rel["rid"], {
                    "type": rel["type"], "start": rel["start"],
                    "start_label": main_label(rel["start_labels"]), "end": rel["end"],
                    "end_label": main_label(rel["end_labels"]), "props": _decode(rel["props"]),
                })
    now = datetime.now(UTC)
    days = get_settings().hls_trash_retention_days
    counts: dict[str, int] = {}
    for node in nodes:
        counts[main_label(node["labels"])] = counts.get(main_label(node["labels"]), 0) + 1
    entry = {
        "id": uuid.uuid4().hex[:16], "at": changes.now(), "by": changes.actor_name(),
        "request_id": acting.current().request_id, "kind": snapshot["kind"], "label": snapshot["label"],
        "entity": snapshot["entity"],
        "expires_at": (now + timedelta(days=days)).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "node_count": len(nodes), "relationship_count": len(relationships),
        "summary": json.dumps(counts, sort_keys=True),
        "nodes": json.dumps(nodes, sort_keys=True), "relationships": json.dumps(list(relationships.values())),
    }
    return run(tx, "changes/trash_put", props=entry, now=changes.now())[0]["id"]


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    return {**{k: entry.get(k) for k in ("id", "at", "by", "request_id", "kind", "entity", "expires_at",
                                         "node_count", "relationship_count")},
            "deleted": json.loads(entry.get("summary") or "{}")}


def list_trash_tx(tx: ManagedTransaction, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A page of the trash, newest first: what each delete removed (counts per label), not its content."""
    row = run(tx, "changes/trash_page", now=changes.now(), limit=limit, offset=offset)[0]
    return {"items": [_public(item) for item in row["items"]], "total": row["total"], "limit": limit,
            "offset": offset}


def find_tx(tx: ManagedTransaction, trash_id: str) -> dict[str, Any]:
    rows = run(tx, "changes/trash_get", id=trash_id, now=changes.now())
    if not rows:
        raise NotFound("trash entry", trash_id)
    return rows[0]["entry"]


def _may_restore(entry: dict[str, Any]) -> None:
    """A trash entry comes back for an admin, or for whoever deleted it (a contributor or above):
    a delete may have cascaded over cycles the restorer may not write."""
    caller = acting.current()
    if not caller.admin and entry["by"] != changes.actor_name():
        raise roles.refuse(caller, f"only an admin or who deleted it ({entry['by']}) may restore trash "
                           f"entry {entry['id']}", trash=entry["id"])


def restore_tx(
    tx: ManagedTransaction, trash_id: str, *, op: str = "restore", **detail: Any,
) -> dict[str, Any]:
    """Bring trash entry ``trash_id`` back: its nodes (unless one with the same id is there now) and
    the relationships whose both ends exist. Answers what was restored and what could not be."""
    roles.require_role("contributor", "restore from the trash")
    entry = find_tx(tx, trash_id)
    _may_restore(entry)
    nodes: list[dict[str, Any]] = json.loads(entry["nodes"])
    rels: list[dict[str, Any]] = json.loads(entry["relationships"])
    checks = [{"i": i, "label": main_label(n["labels"]), "id": n["props"].get("id"),
               "entity": "Entity" in n["labels"]} for i, n in enumerate(nodes)]
    taken = set(run(tx, "changes/trash_taken", rows=checks)[0]["taken"])
    back = [n for i, n in enumerate(nodes) if i not in taken]
    run(tx, "changes/trash_restore_nodes", rows=[{"labels": n["labels"], "props": n["props"]} for n in back])
    skipped_ids = {(checks[i]["label"], checks[i]["id"]) for i in taken}

    def ends_back(rel: dict[str, Any]) -> bool:
        return not {(rel["start_label"], rel["start"]), (rel["end_label"], rel["end"])} & skipped_ids

    wanted = [{**r, "i": i} for i, r in enumerate(rels) if ends_back(r)]
    restored = set(run(tx, "changes/trash_restore_relationships", rows=wanted)[0]["restored"])
    run(tx, "changes/trash_remove", id=trash_id)
    root_back = (entry["label"], entry["entity"]) not in skipped_ids
    if root_back:
        changes.created(tx, entry["kind"], entry["label"], entry["entity"], op=op, **detail)
    return {
        "restored": {"kind": entry["kind"], "id": entry["entity"]} if root_back else None,
        "nodes_restored": len(back),
        "relationships_restored": len(restored),
        "not_restored": {
            "nodes": [{"label": checks[i]["label"], "id": checks[i]["id"], "reason": "id_taken"}
                      for i in sorted(taken)],
            "relationships": [
                {"type": r["type"], "start": r["start"], "end": r["end"],
                 "reason": "an end no longer exists" if ends_back(r) else "an end was not restored"}
                for i, r in enumerate(rels) if i not in restored
            ],
        },
    }


def latest_for_request(tx: ManagedTransaction, request_id: str, entity: str) -> str | None:
    """The trash entry a request's delete of ``entity`` made (for undo)."""
    rows = run(tx, "changes/trash_of_request", request_id=request_id, entity=entity, now=changes.now())
    return rows[0]["id"] if rows else None

"""History of a system import (``graph.systems.system.write_system``): one Change per factor,
cluster and link it creates, replaces or removes (``graph.core.changes_bulk``), besides the one the
system itself gets — so ``GET /history?entity=<factor id>`` answers for imported factors too.

The import's rows get version stamps as a single write gives them: 1 when new, one more than stored
when their properties change, the stored stamps when written again unchanged (no Change then either).
What was stored is read once, before a replacing import clears the old map (:func:`stored_parts`).
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from graph.core import changes, changes_bulk
from graph.core.db import run

Stored = dict[str, dict[str, dict[str, Any]]]  # kind -> id -> properties
NOTHING: Stored = {"factor": {}, "cluster": {}, "link": {}}


def link_id(row: dict[str, Any]) -> str:
    """A link's entity id in the history (as ``graph.core.changes.touch_link`` names it)."""
    return f"{row['source']}->{row['target']}"


def stored_parts(tx: ManagedTransaction, system_id: str) -> Stored:
    """The stored factors, clusters and links of the system (one query), by kind and id."""
    found = run(tx, "systems/system_parts_props", system_id=system_id)[0]
    return {kind: dict(found[kind]) for kind in NOTHING}


def _rows(factors: list[Any], clusters: list[Any], links: list[Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [("factor", r["id"], r) for r in factors] + [("cluster", r["id"], r) for r in clusters] + [
        ("link", link_id(r), r) for r in links]


def stamp(factors: list[Any], clusters: list[Any], links: list[Any], stored: Stored) -> None:
    """Give each row's ``props`` its version stamps (see the module doc)."""
    fresh = changes.stamps()
    for kind, id, row in _rows(factors, clusters, links):
        before = stored[kind].get(id)
        if before is None:
            row["props"].update(fresh)
        elif changes_bulk.unstamped(before) == changes_bulk.unstamped(row["props"]):
            row["props"].update({k: before[k] for k in changes.STAMP_KEYS if k in before})
        else:
            row["props"].update(fresh, version=changes.version_of(before) + 1)


def record(tx: ManagedTransaction, system_id: str, factors: list[Any], clusters: list[Any], links: list[Any],
           stored: Stored) -> None:
    """Append the import's Changes: written parts (create/update) and the stored ones now gone."""
    rows = _rows(factors, clusters, links)
    written = [(kind, id, row["props"], stored[kind].get(id)) for kind, id, row in rows]
    changes_bulk.record_written(tx, written, via="import", system=system_id)
    kept = {(kind, id) for kind, id, _ in rows}
    gone = [(kind, id, props) for kind, parts in stored.items() for id, props in parts.items()
            if (kind, id) not in kept]
    changes_bulk.record_removed(tx, gone, via="import", system=system_id)

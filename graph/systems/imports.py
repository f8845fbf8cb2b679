"""Import reports kept with their system: ``(:ImportReport {id, system, at, format, strict,
report_json})-[:REPORTS_ON]->(:OutcomeSystem)``, written in the same transaction as the imported map
(so a report never outlives a failed import), listed newest first, deleted with the system.

Why a node and not a property of the system: a system is imported again and again (replace=true);
each import keeps its own report, and ``GET /systems/{id}/imports`` answers the history.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from graph.core.db import Graph, run
from graph.formats.report import ImportReport
from graph.systems.snapshot import SystemSnapshot
from graph.systems.system import require_system, write_system


def save_import(
    graph: Graph,
    snapshot: SystemSnapshot,
    report: ImportReport,
    replace: bool = False,
    *,
    detach: bool = False,
) -> dict[str, Any]:
    """Write the imported map and its report in ONE transaction; the counts written and the report
    as stored (``id``, ``at``...)."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        counts = write_system(tx, snapshot, replace, detach=detach)
        stored = {"id": f"{snapshot.id}:import:{uuid.uuid4().hex[:12]}",
                  "at": datetime.now(UTC).isoformat(timespec="microseconds"), **report.as_dict()}
        run(tx, "systems/import_create", system_id=snapshot.id, id=stored["id"], at=stored["at"],
            format=report.format, strict=report.strict, report_json=json.dumps(stored, ensure_ascii=False))
        return {"counts": counts, "report": stored}

    return graph.write_tx(work)


def list_imports(graph: Graph, system_id: str, limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """One page of the system's import reports, newest first; 404 for an unknown system."""

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        require_system(tx, system_id)
        total = run(tx, "systems/import_count", system_id=system_id)[0]["total"]
        rows = run(tx, "systems/import_list", system_id=system_id, limit=limit, offset=offset)
        items = [json.loads(row["report"]["report_json"]) for row in rows]
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    return graph.read_tx(work)

"""``POST /bulk`` and the learning exports: the learning structure as one document
(docs/learning-format.md), written in one transaction with the single writes' rules
(``graph.learning.bulk``), and read back whole or one stack at a time (``graph.learning.export``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.params import ViewerCycle
from app.deps import GraphDep
from app.models.bulk import BulkReport, LearningDocument, LearningExport
from graph.learning import bulk, export

router = APIRouter(tags=["bulk"])


@router.post("/bulk", response_model=BulkReport, status_code=201)
def write_bulk(body: LearningDocument, graph: GraphDep) -> dict[str, Any]:
    """Write a whole learning document in ONE transaction: every rule of the single writes is checked
    over the whole document first (422 ``bulk_invalid`` naming the first problems: list, index, id,
    field, rule), then everything is written, or nothing. Answers the rows written per list."""
    return bulk.write_learning(graph, body.rows())


@router.get("/learning/export", response_model=LearningExport, response_model_exclude_unset=True)
def export_everything(graph: GraphDep, viewer_cycle: ViewerCycle = None) -> dict[str, Any]:
    """Everything of the learning structure as one learning document (importable with ``POST /bulk``
    into a database with the same outcome systems)."""
    return export.export_learning(graph, None, viewer_cycle)


@router.get("/cycles/{cycle_id}/stack/export", response_model=LearningExport,
            response_model_exclude_unset=True)
def export_stack(cycle_id: str, graph: GraphDep, viewer_cycle: ViewerCycle = None) -> dict[str, Any]:
    """The cycle and every cycle below it, with their experiments, evidence, patterns, sessions,
    decisions and conditions, as one learning document (links leaving the stack are left out)."""
    return export.export_learning(graph, cycle_id, viewer_cycle)

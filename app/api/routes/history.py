"""History, restore, trash, undo and the admin's backup (issue 14). Rules: ``graph.learning.history``
and ``graph.core.trash``; who acts: ``graph.core.acting``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

from app.api.params import VERSIONED, Limit, Offset, ViewerCycle
from app.deps import GraphDep
from app.models.base import Patch
from app.models.conditions import ConditionUpdate
from app.models.experiments import EvidenceUpdate, ExperimentUpdate
from app.models.history import HistoryPage, TrashPage, TrashRestored, Undone
from app.models.sensemaking import DecisionUpdate, PatternUpdate, SessionUpdate
from app.models.structure import ActorUpdate, CycleUpdate, ElementUpdate, ScaleUpdate
from app.models.systems import ClusterUpdate, FactorUpdate, SystemUpdate
from graph.core import acting, backup
from graph.core.errors import AppError, RuleBroken
from graph.learning import history

router = APIRouter(tags=["history"])
Collection = Literal[tuple(history.COLLECTIONS)]  # type: ignore[valid-type]
Kind = Literal[tuple(history.LABELS)]  # type: ignore[valid-type]
Filter = Annotated[str | None, Query(max_length=300)]
# The model a PATCH of each kind is checked with: a restored version is checked with it too.
PATCH_MODELS: dict[str, type[Patch]] = {
    "scale": ScaleUpdate, "cycle": CycleUpdate, "element": ElementUpdate, "actor": ActorUpdate,
    "experiment": ExperimentUpdate, "evidence": EvidenceUpdate, "pattern": PatternUpdate,
    "session": SessionUpdate, "decision": DecisionUpdate, "condition": ConditionUpdate,
    "outcome_system": SystemUpdate, "factor": FactorUpdate, "cluster": ClusterUpdate,
}


@router.get("/history", response_model=HistoryPage)
def list_history(
    graph: GraphDep, entity: Filter = None, kind: Kind | None = None, actor: Filter = None,
    since: Annotated[str | None, Query(max_length=64, description="ISO-8601 UTC time, e.g. "
                                       "2026-01-31T00:00:00Z")] = None,
    viewer_cycle: ViewerCycle = None, limit: Limit = 50, offset: Offset = 0,
) -> dict:
    """Every recorded change, newest first: who, when, which entity, before and after."""
    return history.list_history(graph, entity=entity, kind=kind, actor=actor, since=since,
                                viewer_cycle=viewer_cycle, limit=limit, offset=offset)


@router.get("/{collection}/{entity_id}/history", response_model=HistoryPage)
def entity_history(
    collection: Collection, entity_id: str, graph: GraphDep, viewer_cycle: ViewerCycle = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict:
    """The changes of one entity, newest first (also after it was deleted)."""
    return history.list_history(graph, entity=entity_id, kind=history.COLLECTIONS[collection],
                                viewer_cycle=viewer_cycle, limit=limit, offset=offset)


@router.post("/history/{kind}/{entity_id}/restore", **VERSIONED)
def restore_version(
    kind: Kind, entity_id: str, graph: GraphDep,
    version: Annotated[int, Query(ge=1, le=2**31, description="the version to go back to")],
) -> dict[str, Any]:
    """Write the entity's properties back as they were at ``version`` (as a new version), checked as a
    PATCH would check them (422 naming the field); its relationships are not restored (undo, trash)."""
    return history.restore_version(graph, kind, entity_id, version, validate=restorable)


def restorable(kind: str, props: dict[str, Any]) -> None:
    """422 naming the field when the kind's PATCH model refuses a restored value (the fields the
    model knows; the others are kept by the service, never sent by a client)."""
    model = PATCH_MODELS.get(kind)
    if model is None:
        return
    try:
        model.model_validate({k: v for k, v in props.items() if k in model.model_fields})
    except ValidationError as refused:
        first = refused.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise RuleBroken("restored_value_invalid", f"{kind} field {field!r} as it was then is refused by "
                         f"the current rules: {first['msg']}; nothing was restored", field=field) from None


@router.get("/trash", response_model=TrashPage)
def list_trash(graph: GraphDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    """What deletes removed, newest first, kept for HLS_TRASH_RETENTION_DAYS."""
    return history.list_trash(graph, limit=limit, offset=offset)


@router.post("/trash/{trash_id}/restore", response_model=TrashRestored)
def restore_trash(trash_id: str, graph: GraphDep) -> dict:
    """Bring a delete back: its nodes and the relationships whose other ends still exist; the
    answer lists what could not come back."""
    return history.restore_trash(graph, trash_id)


@router.post("/undo", response_model=Undone)
def undo(graph: GraphDep) -> dict:
    """Undo the caller's own last change (not yet undone)."""
    return history.undo(graph)


@router.get("/backup", response_class=StreamingResponse, responses={
    200: {"description": "the dump, one JSON object a line (docs: graph/core/backup.py)",
          "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
    403: {"description": "only an admin may take a backup",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}},
})
def get_backup(graph: GraphDep) -> StreamingResponse:
    """The whole database as ``hls-graph backup`` writes it (JSON lines; admin only)."""
    if not acting.current().admin:
        raise AppError(403, "forbidden", "only an admin may take a backup of the whole database")
    created = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    lines = (line + "\n" for line in backup.dump_lines(graph, created))
    return StreamingResponse(lines, media_type="application/x-ndjson", headers={
        "Content-Disposition": f'attachment; filename="hls-graph-{created[:10]}.jsonl"'})

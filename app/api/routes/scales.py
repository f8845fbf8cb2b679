"""``/scales``: the system scales, in a strict order (guide §2.2).

The rules: ``graph.learning.scales``."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.structure import ScaleCreate, ScaleOrder, ScalePublic, ScaleUpdate
from graph.learning import scales

router = APIRouter(prefix="/scales", tags=["scales"])


@router.get("", response_model=Page[ScalePublic])
def list_scales(graph: GraphDep, limit: Limit = 50, offset: Offset = 0) -> dict:
    """Every scale, lowest level first."""
    return scales.list_scales(graph, limit=limit, offset=offset)


@router.post("", response_model=ScalePublic, status_code=201)
def create_scale(body: ScaleCreate, graph: GraphDep) -> dict:
    """Add a scale at a free level (409 ``level_taken`` otherwise)."""
    return scales.create_scale(graph, body.model_dump(mode="json"))


@router.put("/order", response_model=Page[ScalePublic], **VERSIONED)
def reorder_scales(body: ScaleOrder, graph: GraphDep) -> dict:
    """Renumber every scale 1..n in the given order, if every FEEDS_INTO link still climbs."""
    return scales.reorder_scales(graph, body.ids)


@router.get("/{scale_id}", response_model=ScalePublic)
def get_scale(scale_id: str, graph: GraphDep) -> dict:
    return scales.get_scale(graph, scale_id)


@router.patch("/{scale_id}", response_model=ScalePublic, **VERSIONED)
def update_scale(scale_id: str, body: ScaleUpdate, graph: GraphDep) -> dict:
    """Rename a scale or move it to a free level that keeps every FEEDS_INTO link climbing."""
    return scales.update_scale(graph, scale_id, body.changes())


@router.delete("/{scale_id}", response_model=DeleteSummary, **VERSIONED)
def delete_scale(scale_id: str, graph: GraphDep) -> dict:
    """Delete a scale no cycle runs at (409 ``scale_in_use`` otherwise)."""
    return scales.delete_scale(graph, scale_id)

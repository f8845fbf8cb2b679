"""``/decisions`` (and ``POST /cycles/{id}/decisions``): what a cycle decided — adopt, adapt,
abandon, embed, influence — and the patterns that informed it."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.sensemaking import DecisionCreate, DecisionPublic, DecisionUpdate
from graph.learning import sensemaking
from graph.learning.model import DecisionKind

router = APIRouter(tags=["decisions"])


@router.post("/cycles/{cycle_id}/decisions", response_model=DecisionPublic, status_code=201)
def create_decision(cycle_id: str, body: DecisionCreate, graph: GraphDep) -> dict:
    """The cycle decided (``informed_by``: pattern ids, each must exist)."""
    return sensemaking.create_decision(graph, cycle_id, body.model_dump(mode="json"))


@router.get("/decisions", response_model=Page[DecisionPublic])
def list_decisions(
    graph: GraphDep, cycle: IdFilter = None, kind: DecisionKind | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return sensemaking.list_decisions(graph, cycle=cycle, kind=kind, limit=limit, offset=offset)


@router.get("/decisions/{decision_id}", response_model=DecisionPublic)
def get_decision(decision_id: str, graph: GraphDep) -> dict:
    return sensemaking.get_decision(graph, decision_id)


@router.patch("/decisions/{decision_id}", response_model=DecisionPublic, **VERSIONED)
def update_decision(decision_id: str, body: DecisionUpdate, graph: GraphDep) -> dict:
    return sensemaking.update_decision(graph, decision_id, body.changes())


@router.delete("/decisions/{decision_id}", response_model=DeleteSummary, **VERSIONED)
def delete_decision(decision_id: str, graph: GraphDep) -> dict:
    return sensemaking.delete_decision(graph, decision_id)


@router.put("/decisions/{decision_id}/informed-by/{pattern_id}", response_model=DecisionPublic, **VERSIONED)
def add_informing_pattern(decision_id: str, pattern_id: str, graph: GraphDep) -> dict:
    return sensemaking.add_informing_pattern(graph, decision_id, pattern_id)


@router.delete("/decisions/{decision_id}/informed-by/{pattern_id}", response_model=DecisionPublic,
             **VERSIONED)
def remove_informing_pattern(decision_id: str, pattern_id: str, graph: GraphDep) -> dict:
    return sensemaking.remove_informing_pattern(graph, decision_id, pattern_id)

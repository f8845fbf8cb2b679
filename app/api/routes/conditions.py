"""``/conditions`` (and ``POST /cycles/{id}/conditions``, ``PUT /cycles/{id}/acts-on/{condition_id}``):
enablers and barriers a cycle raised, what they support or block, and the cycles acting on them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.conditions import ActsOnBody, ConditionCreate, ConditionPublic, ConditionUpdate
from app.models.learning_base import DeleteSummary
from graph.learning import conditions
from graph.learning.model import ConditionEffect, ConditionKind, ConditionStatus

router = APIRouter(tags=["conditions"])

Effect = Literal["blocks", "supports"]
EFFECTS = {"blocks": ConditionEffect.blocks.value, "supports": ConditionEffect.supports.value}


@router.post("/cycles/{cycle_id}/conditions", response_model=ConditionPublic, status_code=201)
def create_condition(cycle_id: str, body: ConditionCreate, graph: GraphDep) -> dict:
    """The cycle raises an enabler (``supports``: ids) or a barrier (``blocks``: ids) of experiments
    or cycles."""
    return conditions.create_condition(graph, cycle_id, body.model_dump(mode="json"))


@router.get("/conditions", response_model=Page[ConditionPublic])
def list_conditions(
    graph: GraphDep, cycle: IdFilter = None, kind: ConditionKind | None = None,
    status: ConditionStatus | None = None, acted_on_by: IdFilter = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict:
    """Conditions, optionally only those raised by ``cycle`` or acted on by ``acted_on_by``."""
    return conditions.list_conditions(
        graph, cycle=cycle, kind=kind, status=status, acted_on_by=acted_on_by, limit=limit, offset=offset,
    )


@router.get("/conditions/{condition_id}", response_model=ConditionPublic)
def get_condition(condition_id: str, graph: GraphDep) -> dict:
    return conditions.get_condition(graph, condition_id)


@router.patch("/conditions/{condition_id}", response_model=ConditionPublic, **VERSIONED)
def update_condition(condition_id: str, body: ConditionUpdate, graph: GraphDep) -> dict:
    """Change description or status; resolving stores ``resolved_at`` and optional ``resolved_by``."""
    return conditions.update_condition(graph, condition_id, body.changes())


@router.delete("/conditions/{condition_id}", response_model=DeleteSummary, **VERSIONED)
def delete_condition(condition_id: str, graph: GraphDep) -> dict:
    return conditions.delete_condition(graph, condition_id)


@router.put("/conditions/{condition_id}/{effect}/{target_id}", response_model=ConditionPublic, **VERSIONED)
def add_effect(condition_id: str, effect: Effect, target_id: str, graph: GraphDep) -> dict:
    """A barrier ``blocks``, an enabler ``supports``, an experiment or a cycle (else 422)."""
    return conditions.add_effect(graph, condition_id, EFFECTS[effect], target_id)


@router.delete("/conditions/{condition_id}/{effect}/{target_id}", response_model=ConditionPublic, **VERSIONED)
def remove_effect(condition_id: str, effect: Effect, target_id: str, graph: GraphDep) -> dict:
    return conditions.remove_effect(graph, condition_id, EFFECTS[effect], target_id)


@router.put("/cycles/{cycle_id}/acts-on/{condition_id}", response_model=ConditionPublic, **VERSIONED)
def set_acts_on(cycle_id: str, condition_id: str, body: ActsOnBody, graph: GraphDep) -> dict:
    """The cycle acts on a condition: ``nurture`` an enabler, ``remove`` a barrier (else 422)."""
    return conditions.set_acts_on(graph, cycle_id, condition_id, body.action)


@router.delete("/cycles/{cycle_id}/acts-on/{condition_id}", response_model=ConditionPublic, **VERSIONED)
def remove_acts_on(cycle_id: str, condition_id: str, graph: GraphDep) -> dict:
    return conditions.remove_acts_on(graph, cycle_id, condition_id)

"""``/cycles``: learning cycles, their five elements, and their links — feeds-into (vertical),
peers (horizontal), participants and the outcome systems they explore. Rules: ``graph.learning.links``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.params import VERSIONED, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.structure import (
    CycleCreate,
    CyclePublic,
    CycleUpdate,
    ElementPublic,
    ElementUpdate,
    ParticipantRole,
)
from graph.learning import cycles
from graph.learning import links as cycle_links
from graph.learning.model import CycleStatus, ElementKind

router = APIRouter(prefix="/cycles", tags=["cycles"])


@router.get("", response_model=Page[CyclePublic])
def list_cycles(
    graph: GraphDep, scale: Annotated[str | None, Query(description="scale id")] = None,
    status: CycleStatus | None = None, limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return cycles.list_cycles(graph, scale=scale, status=status, limit=limit, offset=offset)


@router.post("", response_model=CyclePublic, status_code=201)
def create_cycle(body: CycleCreate, graph: GraphDep) -> dict:
    """A new cycle at a scale, with its five elements (status ``not_started``)."""
    return cycles.create_cycle(graph, body.model_dump(mode="json"))


@router.get("/{cycle_id}", response_model=CyclePublic)
def get_cycle(cycle_id: str, graph: GraphDep) -> dict:
    return cycles.get_cycle(graph, cycle_id)


@router.patch("/{cycle_id}", response_model=CyclePublic, **VERSIONED)
def update_cycle(cycle_id: str, body: CycleUpdate, graph: GraphDep) -> dict:
    return cycles.update_cycle(graph, cycle_id, body.changes())


@router.delete("/{cycle_id}", response_model=DeleteSummary, **VERSIONED)
def delete_cycle(
    cycle_id: str, graph: GraphDep,
    detach: Annotated[bool, Query(description="also cut the links of lower cycles feeding in")] = False,
) -> dict:
    """Delete a cycle with its elements, experiments, evidence, sessions, decisions and raised
    conditions. Refused (409) while lower cycles feed into it, unless ``detach=true``."""
    return cycles.delete_cycle(graph, cycle_id, detach=detach)


@router.get("/{cycle_id}/elements", response_model=list[ElementPublic])
def list_elements(cycle_id: str, graph: GraphDep) -> list:
    return cycles.list_elements(graph, cycle_id)


@router.patch("/{cycle_id}/elements/{kind}", response_model=ElementPublic, **VERSIONED)
def update_element(cycle_id: str, kind: ElementKind, body: ElementUpdate, graph: GraphDep) -> dict:
    """Set one element's status or notes; the other four are untouched."""
    return cycles.update_element(graph, cycle_id, kind.value, body.changes())


@router.put("/{cycle_id}/feeds-into/{upper_id}", response_model=CyclePublic, **VERSIONED)
def link_feeds_into(cycle_id: str, upper_id: str, graph: GraphDep) -> dict:
    """This cycle feeds into a cycle at a strictly higher scale level (no loop; idempotent)."""
    return cycle_links.link_feeds_into(graph, cycle_id, upper_id)


@router.delete("/{cycle_id}/feeds-into/{upper_id}", response_model=CyclePublic, **VERSIONED)
def unlink_feeds_into(cycle_id: str, upper_id: str, graph: GraphDep) -> dict:
    return cycle_links.unlink_feeds_into(graph, cycle_id, upper_id)


@router.put("/{cycle_id}/peers/{peer_id}", response_model=CyclePublic, **VERSIONED)
def link_peers(cycle_id: str, peer_id: str, graph: GraphDep) -> dict:
    """Two cycles at one scale are peers (one link, read both ways; idempotent)."""
    return cycle_links.link_peers(graph, cycle_id, peer_id)


@router.delete("/{cycle_id}/peers/{peer_id}", response_model=CyclePublic, **VERSIONED)
def unlink_peers(cycle_id: str, peer_id: str, graph: GraphDep) -> dict:
    return cycle_links.unlink_peers(graph, cycle_id, peer_id)


@router.put("/{cycle_id}/participants/{actor_id}", response_model=CyclePublic, **VERSIONED)
def set_participant(cycle_id: str, actor_id: str, body: ParticipantRole, graph: GraphDep) -> dict:
    """The actor takes part in this cycle with a role (replacing any role it had here)."""
    return cycle_links.set_participant(graph, cycle_id, actor_id, body.role)


@router.delete("/{cycle_id}/participants/{actor_id}", response_model=CyclePublic, **VERSIONED)
def remove_participant(cycle_id: str, actor_id: str, graph: GraphDep) -> dict:
    return cycle_links.remove_participant(graph, cycle_id, actor_id)


@router.put("/{cycle_id}/explores/{system_id}", response_model=CyclePublic, **VERSIONED)
def link_explores(cycle_id: str, system_id: str, graph: GraphDep) -> dict:
    """This cycle explores an outcome system (404 if the system does not exist)."""
    return cycle_links.link_explores(graph, cycle_id, system_id)


@router.delete("/{cycle_id}/explores/{system_id}", response_model=CyclePublic, **VERSIONED)
def unlink_explores(cycle_id: str, system_id: str, graph: GraphDep) -> dict:
    return cycle_links.unlink_explores(graph, cycle_id, system_id)

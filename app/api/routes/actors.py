"""``/actors``: people, roles, teams, organisations, places and regions taking part in cycles."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.structure import ActorCreate, ActorPublic, ActorUpdate
from graph.learning import actors
from graph.learning.model import ActorKind

router = APIRouter(prefix="/actors", tags=["actors"])


@router.get("", response_model=Page[ActorPublic])
def list_actors(
    graph: GraphDep, kind: ActorKind | None = None, cycle: IdFilter = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return actors.list_actors(graph, kind=kind, cycle=cycle, limit=limit, offset=offset)


@router.post("", response_model=ActorPublic, status_code=201)
def create_actor(body: ActorCreate, graph: GraphDep) -> dict:
    return actors.create_actor(graph, body.model_dump(mode="json"))


@router.get("/{actor_id}", response_model=ActorPublic)
def get_actor(actor_id: str, graph: GraphDep) -> dict:
    return actors.get_actor(graph, actor_id)


@router.patch("/{actor_id}", response_model=ActorPublic, **VERSIONED)
def update_actor(actor_id: str, body: ActorUpdate, graph: GraphDep) -> dict:
    return actors.update_actor(graph, actor_id, body.changes())


@router.delete("/{actor_id}", response_model=DeleteSummary, **VERSIONED)
def delete_actor(actor_id: str, graph: GraphDep) -> dict:
    """Delete an actor and its links (participation, co-design, attendance)."""
    return actors.delete_actor(graph, actor_id)

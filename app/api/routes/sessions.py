"""``/sessions`` (and ``POST /cycles/{id}/sessions``): sensemaking sessions a cycle held, who
attended and which patterns surfaced in them."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.sensemaking import SessionCreate, SessionPublic, SessionUpdate
from graph.learning import sensemaking

router = APIRouter(tags=["sessions"])


@router.post("/cycles/{cycle_id}/sessions", response_model=SessionPublic, status_code=201)
def create_session(cycle_id: str, body: SessionCreate, graph: GraphDep) -> dict:
    """The cycle held a session (``attendees``: actor ids; ``patterns``: pattern ids surfaced)."""
    return sensemaking.create_session(graph, cycle_id, body.model_dump(mode="json"))


@router.get("/sessions", response_model=Page[SessionPublic])
def list_sessions(graph: GraphDep, cycle: IdFilter = None, limit: Limit = 50, offset: Offset = 0) -> dict:
    return sensemaking.list_sessions(graph, cycle=cycle, limit=limit, offset=offset)


@router.get("/sessions/{session_id}", response_model=SessionPublic)
def get_session(session_id: str, graph: GraphDep) -> dict:
    return sensemaking.get_session(graph, session_id)


@router.patch("/sessions/{session_id}", response_model=SessionPublic, **VERSIONED)
def update_session(session_id: str, body: SessionUpdate, graph: GraphDep) -> dict:
    return sensemaking.update_session(graph, session_id, body.changes())


@router.delete("/sessions/{session_id}", response_model=DeleteSummary, **VERSIONED)
def delete_session(session_id: str, graph: GraphDep) -> dict:
    return sensemaking.delete_session(graph, session_id)


@router.put("/sessions/{session_id}/attendees/{actor_id}", response_model=SessionPublic, **VERSIONED)
def add_attendee(session_id: str, actor_id: str, graph: GraphDep) -> dict:
    return sensemaking.add_attendee(graph, session_id, actor_id)


@router.delete("/sessions/{session_id}/attendees/{actor_id}", response_model=SessionPublic, **VERSIONED)
def remove_attendee(session_id: str, actor_id: str, graph: GraphDep) -> dict:
    return sensemaking.remove_attendee(graph, session_id, actor_id)


@router.put("/sessions/{session_id}/patterns/{pattern_id}", response_model=SessionPublic, **VERSIONED)
def add_surfaced_pattern(session_id: str, pattern_id: str, graph: GraphDep) -> dict:
    return sensemaking.add_surfaced_pattern(graph, session_id, pattern_id)


@router.delete("/sessions/{session_id}/patterns/{pattern_id}", response_model=SessionPublic, **VERSIONED)
def remove_surfaced_pattern(session_id: str, pattern_id: str, graph: GraphDep) -> dict:
    return sensemaking.remove_surfaced_pattern(graph, session_id, pattern_id)

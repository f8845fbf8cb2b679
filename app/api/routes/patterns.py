"""``/patterns``: what cycles see across evidence, each derived from evidence that supports or
contradicts it (the provenance chain). A pattern whose evidence is all deleted is kept."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset
from app.deps import GraphDep
from app.models.base import Page
from app.models.learning_base import DeleteSummary
from app.models.sensemaking import PatternCreate, PatternPublic, PatternUpdate, StanceBody
from graph.learning import patterns
from graph.learning.model import PatternStatus

router = APIRouter(prefix="/patterns", tags=["patterns"])


@router.get("", response_model=Page[PatternPublic])
def list_patterns(
    graph: GraphDep, status: PatternStatus | None = None, session: IdFilter = None,
    evidence: IdFilter = None, limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return patterns.list_patterns(
        graph, status=status, session=session, evidence=evidence, limit=limit, offset=offset,
    )


@router.post("", response_model=PatternPublic, status_code=201)
def create_pattern(body: PatternCreate, graph: GraphDep) -> dict:
    """A pattern with ``derived_from: [{evidence_id, stance}]`` (every evidence must exist)."""
    return patterns.create_pattern(graph, body.model_dump(mode="json"))


@router.get("/{pattern_id}", response_model=PatternPublic)
def get_pattern(pattern_id: str, graph: GraphDep) -> dict:
    return patterns.get_pattern(graph, pattern_id)


@router.patch("/{pattern_id}", response_model=PatternPublic, **VERSIONED)
def update_pattern(pattern_id: str, body: PatternUpdate, graph: GraphDep) -> dict:
    return patterns.update_pattern(graph, pattern_id, body.changes())


@router.delete("/{pattern_id}", response_model=DeleteSummary, **VERSIONED)
def delete_pattern(pattern_id: str, graph: GraphDep) -> dict:
    return patterns.delete_pattern(graph, pattern_id)


@router.put("/{pattern_id}/derived-from/{evidence_id}", response_model=PatternPublic, **VERSIONED)
def set_derived_from(pattern_id: str, evidence_id: str, body: StanceBody, graph: GraphDep) -> dict:
    """The pattern is derived from this evidence with a stance (replacing any it had)."""
    return patterns.set_derived_from(graph, pattern_id, evidence_id, body.stance)


@router.delete("/{pattern_id}/derived-from/{evidence_id}", response_model=PatternPublic, **VERSIONED)
def remove_derived_from(pattern_id: str, evidence_id: str, graph: GraphDep) -> dict:
    return patterns.remove_derived_from(graph, pattern_id, evidence_id)

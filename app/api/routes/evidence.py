"""``/evidence`` (and ``POST /experiments/{id}/evidence``): what experiments yielded. Every answer
goes through ``graph.learning.sensitivity.redact`` for ``viewer_cycle``: cycle/personal evidence shows its
text, value and unit only to the producing cycle."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.params import VERSIONED, IdFilter, Limit, Offset, ViewerCycle
from app.deps import GraphDep
from app.models.base import Page
from app.models.experiments import EvidenceCreate, EvidencePublic, EvidenceUpdate
from app.models.learning_base import DeleteSummary
from graph.learning import evidence
from graph.learning.model import EvidenceKind, Sensitivity

router = APIRouter(tags=["evidence"])


@router.post("/experiments/{experiment_id}/evidence", response_model=EvidencePublic, status_code=201)
def create_evidence(
    experiment_id: str, body: EvidenceCreate, graph: GraphDep, viewer_cycle: ViewerCycle = None,
) -> dict:
    """The experiment yielded new evidence (answered as ``viewer_cycle`` may see it)."""
    return evidence.create_evidence(graph, experiment_id, body.model_dump(mode="json"), viewer_cycle)


@router.get("/evidence", response_model=Page[EvidencePublic])
def list_evidence(
    graph: GraphDep, experiment: IdFilter = None, cycle: IdFilter = None,
    kind: EvidenceKind | None = None, sensitivity: Sensitivity | None = None,
    viewer_cycle: ViewerCycle = None, limit: Limit = 50, offset: Offset = 0,
) -> dict:
    return evidence.list_evidence(
        graph, experiment=experiment, cycle=cycle, kind=kind, sensitivity=sensitivity,
        viewer_cycle=viewer_cycle, limit=limit, offset=offset,
    )


@router.get("/evidence/{evidence_id}", response_model=EvidencePublic)
def get_evidence(evidence_id: str, graph: GraphDep, viewer_cycle: ViewerCycle = None) -> dict:
    return evidence.get_evidence(graph, evidence_id, viewer_cycle)


@router.patch("/evidence/{evidence_id}", response_model=EvidencePublic, **VERSIONED)
def update_evidence(
    evidence_id: str, body: EvidenceUpdate, graph: GraphDep, viewer_cycle: ViewerCycle = None,
) -> dict:
    return evidence.update_evidence(graph, evidence_id, body.changes(), viewer_cycle)


@router.delete("/evidence/{evidence_id}", response_model=DeleteSummary, **VERSIONED)
def delete_evidence(evidence_id: str, graph: GraphDep) -> dict:
    """Delete the evidence (patterns derived from it stay; see the answer)."""
    return evidence.delete_evidence(graph, evidence_id)

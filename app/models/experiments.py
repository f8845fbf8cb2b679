"""Experiments and the evidence they yield: create / update / public shapes."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from app.models.base import FreeText, Input, Number, Patch, Versioned
from app.models.learning_base import Id, Text, Timestamp
from graph.learning.model import EvidenceKind, ExperimentKind, ExperimentStatus, Sensitivity, Stance

OUTCOME_DESCRIPTION = "a short label of how it turned out, e.g. 'arrears reduced' (compared across cycles)"

# --- experiments -----------------------------------------------------------------------------


class ExperimentCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the question")
    kind: ExperimentKind
    question: Text
    hypothesis: FreeText | None = None
    status: ExperimentStatus = ExperimentStatus.planned
    started_at: Timestamp | None = None
    ended_at: Timestamp | None = None
    outcome: str | None = Field(None, max_length=200, description=OUTCOME_DESCRIPTION)


class ExperimentUpdate(Patch):
    not_null: ClassVar = ("kind", "question", "status")
    kind: ExperimentKind | None = None
    question: Text | None = None
    hypothesis: FreeText | None = None
    status: ExperimentStatus | None = None
    started_at: Timestamp | None = None
    ended_at: Timestamp | None = None
    outcome: str | None = Field(None, max_length=200, description=OUTCOME_DESCRIPTION)


class ExperimentPublic(Versioned):
    id: str
    kind: ExperimentKind
    question: str
    hypothesis: str | None = None
    status: ExperimentStatus
    started_at: str | None = None
    ended_at: str | None = None
    outcome: str | None = None
    cycle_id: str | None = Field(description="the cycle that runs it")
    next_iterations: list[str]
    previous_iterations: list[str]
    co_designers: list[str]
    intervenes_on: list[str] = Field(description="factor ids")
    evidence_count: int


# --- evidence --------------------------------------------------------------------------------


class EvidenceCreate(Input):
    id: Id | None = Field(None, description="leave out for a generated one")
    kind: EvidenceKind
    text: FreeText | None = Field(None, description="the story (narrative evidence needs one)")
    value: Number | None = Field(None, description="the measure (quantitative evidence needs one)")
    unit: FreeText | None = None
    recorded_at: Timestamp | None = Field(None, description="defaults to now")
    sensitivity: Sensitivity


class EvidenceUpdate(Patch):
    not_null: ClassVar = ("kind", "recorded_at", "sensitivity")
    kind: EvidenceKind | None = None
    text: FreeText | None = None
    value: Number | None = None
    unit: FreeText | None = None
    recorded_at: Timestamp | None = None
    sensitivity: Sensitivity | None = None


class Derivation(BaseModel):
    pattern_id: str
    stance: Stance


class EvidencePublic(Versioned):
    """Evidence as the viewer may see it: ``text``, ``value`` and ``unit`` are null and ``restricted``
    true when it is ``cycle``/``personal`` and the viewer is not the producing cycle."""

    id: str
    kind: EvidenceKind
    text: str | None = None
    value: float | None = None
    unit: str | None = None
    recorded_at: str | None = None
    sensitivity: Sensitivity
    restricted: bool
    experiment_id: str | None
    cycle_id: str | None = Field(description="the producing cycle (runs the experiment)")
    patterns: list[Derivation] = Field(description="patterns derived from this evidence")

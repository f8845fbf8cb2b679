"""The learning document (docs/learning-format.md): what ``POST /bulk`` takes and the learning
exports answer. Each item reuses the single-write input model of its kind (same fields, same caps,
same enums), with the id required and its owner named, since nothing in a bulk write has a URL."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, Strict, WithJsonSchema

from app.models.base import FreeText, Input, Items
from app.models.conditions import ConditionCreate
from app.models.experiments import EvidenceCreate, ExperimentCreate
from app.models.learning_base import Id, Timestamp
from app.models.sensemaking import DecisionCreate, PatternCreate, SessionCreate
from app.models.structure import ActorCreate, CycleCreate, ScaleCreate
from graph.learning.bulk import FORMAT, VERSION
from graph.learning.model import Action, ElementKind, ElementStatus, ParticipationRole

# A bulk list may hold many more items than a single body's lists (MAX_ITEMS); the whole body is
# capped by HLS_MAX_BULK_BYTES (app/limits.py).
MAX_BULK_ITEMS = 1_000_000
Pair = tuple[Id, Id]


class BulkElement(Input):
    kind: ElementKind
    status: ElementStatus = ElementStatus.not_started
    notes: FreeText | None = None
    updated_at: Timestamp | None = None


class BulkScale(ScaleCreate):
    id: Id


class BulkActor(ActorCreate):
    id: Id


class BulkCycle(CycleCreate):
    id: Id
    elements: list[BulkElement] = Field([], max_length=len(ElementKind),
                                        description="element statuses and notes (left out: not started)")


class BulkParticipant(Input):
    cycle: Id
    actor: Id
    role: ParticipationRole


class BulkExperiment(ExperimentCreate):
    id: Id
    cycle: Id = Field(description="the cycle that runs it")
    co_designers: Items[Id] = Field([], description="actor ids")
    intervenes_on: Items[Annotated[str, Field(max_length=400)]] = Field([], description="factor ids")


class BulkEvidence(EvidenceCreate):
    id: Id
    experiment: Id = Field(description="the experiment that yielded it")


class BulkPattern(PatternCreate):
    id: Id


class BulkSession(SessionCreate):
    id: Id
    cycle: Id = Field(description="the cycle that held it")


class BulkDecision(DecisionCreate):
    id: Id
    cycle: Id = Field(description="the cycle that decided it")


class BulkCondition(ConditionCreate):
    id: Id
    raised_by: Items[Id] = Field(min_length=1, description="the cycle(s) that raised it")


class BulkActsOn(Input):
    cycle: Id
    condition: Id
    action: Action


class LearningDocument(Input):
    """Everything of the learning structure, or one stack of it, in one document."""

    format: Annotated[str, Field(pattern=f"^{FORMAT}$", max_length=len(FORMAT))] = FORMAT
    # A JSON integer, 1 (strict: ``true`` is refused); published as a constant, not a range.
    version: Annotated[int, Strict(), Field(ge=VERSION, le=VERSION), WithJsonSchema({"const": VERSION})] = (
        VERSION
    )
    scope: dict[str, Any] | None = Field(None, description="what an export covered (ignored on import)")
    scales: Annotated[list[BulkScale], Field(max_length=MAX_BULK_ITEMS)] = []
    actors: Annotated[list[BulkActor], Field(max_length=MAX_BULK_ITEMS)] = []
    cycles: Annotated[list[BulkCycle], Field(max_length=MAX_BULK_ITEMS)] = []
    feeds_into: Annotated[list[Pair], Field(max_length=MAX_BULK_ITEMS)] = Field(
        [], description="[lower, upper] cycle ids")
    peers: Annotated[list[Pair], Field(max_length=MAX_BULK_ITEMS)] = Field([], description="[cycle, peer]")
    participants: Annotated[list[BulkParticipant], Field(max_length=MAX_BULK_ITEMS)] = []
    explores: Annotated[list[tuple[Id, Annotated[str, Field(max_length=200)]]],
                        Field(max_length=MAX_BULK_ITEMS)] = Field([], description="[cycle, outcome system]")
    experiments: Annotated[list[BulkExperiment], Field(max_length=MAX_BULK_ITEMS)] = []
    next_iterations: Annotated[list[Pair], Field(max_length=MAX_BULK_ITEMS)] = Field(
        [], description="[experiment, next experiment]")
    evidence: Annotated[list[BulkEvidence], Field(max_length=MAX_BULK_ITEMS)] = []
    patterns: Annotated[list[BulkPattern], Field(max_length=MAX_BULK_ITEMS)] = []
    sessions: Annotated[list[BulkSession], Field(max_length=MAX_BULK_ITEMS)] = []
    decisions: Annotated[list[BulkDecision], Field(max_length=MAX_BULK_ITEMS)] = []
    conditions: Annotated[list[BulkCondition], Field(max_length=MAX_BULK_ITEMS)] = []
    acts_on: Annotated[list[BulkActsOn], Field(max_length=MAX_BULK_ITEMS)] = []

    def rows(self) -> dict[str, Any]:
        """The document as the domain takes it (enums as values, dates as stored strings)."""
        return self.model_dump(mode="json", exclude={"scope"})


class ExportedEvidence(BulkEvidence):
    restricted: bool = Field(False, description="true when the caller may not read this evidence's content "
                             "(text, value and unit withheld); such an item cannot be written back: "
                             "POST /bulk refuses the field")


class LearningExport(LearningDocument):
    """A learning document as an export answers it: evidence may say ``restricted``."""

    evidence: Annotated[list[ExportedEvidence], Field(max_length=MAX_BULK_ITEMS)] = []


class BulkReport(BaseModel):
    """What a bulk write wrote: rows per list of the document (nodes and links)."""

    written: dict[str, int]

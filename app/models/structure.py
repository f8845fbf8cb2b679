"""Scales, learning cycles with their elements, and actors: create / update / public shapes."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from app.models.base import FreeText, Input, Integer, Items, Patch, Versioned
from app.models.learning_base import Id, Label, Timestamp
from graph.learning.model import ActorKind, CycleStatus, ElementKind, ElementStatus, ParticipationRole
from graph.learning.scales import MAX_LEVEL

# --- scales ----------------------------------------------------------------------------------


class ScaleCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the name")
    name: Label
    level: Integer = Field(ge=1, le=MAX_LEVEL, description="position in the strict order of scales; unique")


class ScaleUpdate(Patch):
    not_null: ClassVar = ("name", "level")
    name: Label | None = None
    level: Integer | None = Field(None, ge=1, le=MAX_LEVEL)


class ScaleOrder(Input):
    ids: Items[Id] = Field(min_length=1, description="every scale id once, lowest level first")


class ScalePublic(Versioned):
    id: str
    name: str
    level: int
    cycles: int = Field(description="learning cycles running at this scale")


# --- learning cycles -------------------------------------------------------------------------


class CycleCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the name")
    name: Label
    purpose: FreeText | None = None
    status: CycleStatus = CycleStatus.planned
    scale: Id
    created_at: Timestamp | None = Field(None, description="defaults to now")


class CycleUpdate(Patch):
    not_null: ClassVar = ("name", "status", "scale")
    name: Label | None = None
    purpose: FreeText | None = None
    status: CycleStatus | None = None
    scale: Id | None = Field(None, description="move the cycle; its links must still keep the rules")


class ElementPublic(Versioned):
    id: str
    kind: ElementKind
    status: ElementStatus
    notes: str | None = None


class ElementUpdate(Patch):
    not_null: ClassVar = ("status",)
    status: ElementStatus | None = None
    notes: FreeText | None = None


class Participant(BaseModel):
    actor_id: str
    role: ParticipationRole


class ParticipantRole(Input):
    role: ParticipationRole


class CyclePublic(Versioned):
    id: str
    name: str
    purpose: str | None = None
    status: CycleStatus
    created_at: str | None = None
    scale: str | None
    scale_level: int | None
    elements: list[ElementPublic] = Field(description="the five elements, in the guide's order")
    feeds_into: list[str] = Field(description="upper cycles this cycle feeds into")
    fed_by: list[str] = Field(description="lower cycles that feed into this cycle")
    peers: list[str] = Field(description="same-scale peers (PEER_OF read both ways)")
    participants: list[Participant]
    explores: list[str] = Field(description="outcome systems this cycle explores")


# --- actors ----------------------------------------------------------------------------------


class ActorCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the name")
    name: Label
    kind: ActorKind


class ActorUpdate(Patch):
    not_null: ClassVar = ("name", "kind")
    name: Label | None = None
    kind: ActorKind | None = None


class Participation(BaseModel):
    cycle_id: str
    role: ParticipationRole


class ActorPublic(Versioned):
    id: str
    name: str
    kind: ActorKind
    participates_in: list[Participation]

"""Conditions (enablers and barriers) and the cycles that act on them: create / update / public."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from app.models.base import Input, Items, Patch, Versioned
from app.models.learning_base import Id, Text, Timestamp
from graph.learning.model import Action, ConditionKind, ConditionStatus


class ConditionCreate(Input):
    id: Id | None = Field(None, description="leave out to derive one from the description")
    kind: ConditionKind
    description: Text
    status: ConditionStatus = ConditionStatus.open
    raised_at: Timestamp | None = Field(None, description="defaults to now")
    resolved_at: Timestamp | None = Field(None, description="only with status resolved; defaults to now")
    resolved_by: Id | None = Field(None, description="the cycle that resolved it (status resolved)")
    blocks: Items[Id] = Field([], description="experiment or cycle ids a barrier blocks")
    supports: Items[Id] = Field([], description="experiment or cycle ids an enabler supports")


class ConditionUpdate(Patch):
    not_null: ClassVar = ("description", "status")
    description: Text | None = None
    status: ConditionStatus | None = None
    resolved_at: Timestamp | None = None
    resolved_by: Id | None = None


class ActsOnBody(Input):
    action: Action


class Target(BaseModel):
    id: str
    kind: Literal["experiment", "cycle"]


class ActingCycle(BaseModel):
    cycle_id: str
    action: Action


class ConditionPublic(Versioned):
    id: str
    kind: ConditionKind
    description: str
    status: ConditionStatus
    raised_at: str | None = None
    resolved_at: str | None = None
    resolved_by: str | None = None
    raised_by: str | None = Field(description="the cycle that raised it")
    blocks: list[Target]
    supports: list[Target]
    acted_on_by: list[ActingCycle]
